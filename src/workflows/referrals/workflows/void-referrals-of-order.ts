import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { voidReferralsOfOrderStep } from "../steps/void-referrals-of-order"

export const voidReferralsOfOrderWorkflowId = "kapy-void-referrals-of-order"

/**
 * The friend's qualifying order was cancelled or fully refunded before its
 * pending period ended: its pending referral is voided with the reason,
 * and the referrer gets nothing.
 *
 * @example
 * await voidReferralsOfOrderWorkflow(container).run({ input: { order_id: "order_123" } })
 */
export const voidReferralsOfOrderWorkflow = createWorkflow(
  voidReferralsOfOrderWorkflowId,
  (input: { order_id: string }) => {
    return new WorkflowResponse(voidReferralsOfOrderStep(input))
  }
)
