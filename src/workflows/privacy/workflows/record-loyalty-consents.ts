import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { RecordConsentsInput } from "../../../types/privacy"
import { ensureLoyaltyAccountStep } from "../../loyalty/steps/ensure-loyalty-account"
import { recordLoyaltyConsentsStep } from "../steps/record-loyalty-consents"

export const recordLoyaltyConsentsWorkflowId = "kapy-record-loyalty-consents"

export type RecordLoyaltyConsentsWorkflowInput = Omit<RecordConsentsInput, "account_id"> & { customer_id: string }

/**
 * Records a Medusa customer's consent to the program and to marketing per
 * channel (email, SMS, push), with the text version and the time; the
 * account is made on first need.
 *
 * @example
 * await recordLoyaltyConsentsWorkflow(container).run({
 *   input: { customer_id: "cus_123", decisions: [{ purpose: "marketing_email", granted: true }], source: "store" },
 * })
 */
export const recordLoyaltyConsentsWorkflow = createWorkflow(
  recordLoyaltyConsentsWorkflowId,
  (input: RecordLoyaltyConsentsWorkflowInput) => {
    const account = ensureLoyaltyAccountStep(transform({ input }, ({ input }) => ({ id: input.customer_id })))
    const consents = recordLoyaltyConsentsStep(
      transform({ input, account }, ({ input, account }) => {
        const { customer_id, ...rest } = input
        return { ...rest, account_id: account.id }
      })
    )
    return new WorkflowResponse(consents)
  }
)
