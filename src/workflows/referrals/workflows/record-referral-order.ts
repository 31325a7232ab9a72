import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { prepareReferralOrderStep } from "../steps/prepare-referral-order"
import { recordReferralOrderStep } from "../steps/record-referral-order"

export const recordReferralOrderWorkflowId = "kapy-record-referral-order"

/**
 * A placed order of a referred friend: rejects the referral if it ships to
 * the referrer's address, and otherwise records it as the qualifying order
 * when it is the first of at least `min_order`. Redelivery is harmless.
 *
 * @example
 * await recordReferralOrderWorkflow(container).run({ input: { order_id: "order_123" } })
 */
export const recordReferralOrderWorkflow = createWorkflow(
  recordReferralOrderWorkflowId,
  (input: { order_id: string }) => {
    const outcome = prepareReferralOrderStep(input)
    const recorded = when("kapy-order-of-referred-friend", { outcome }, ({ outcome }) => !!outcome).then(() =>
      recordReferralOrderStep(transform({ outcome }, ({ outcome }) => outcome!))
    )
    return new WorkflowResponse(transform({ recorded }, ({ recorded }) => recorded ?? null))
  }
)
