import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureLoyaltyAccountStep } from "../../loyalty/steps/ensure-loyalty-account"
import { validateCustomerExistsStep } from "../../loyalty/steps/validate-customer-exists"
import { submitMemberClaimWorkflow } from "./submit-member-claim"

export const submitLoyaltyClaimWorkflowId = "kapy-submit-loyalty-claim"

export type SubmitLoyaltyClaimInput = { customer_id: string } & (
  | { type: "social_follow"; platform: string; handle?: string | null }
  | { type: "custom"; action_id: string; evidence?: string | null }
)

/**
 * A logged-in customer claims cones for a social follow or a custom
 * action, as their member (`submitMemberClaimWorkflow`): the claim waits
 * for an admin, or is approved at once when the program auto-approves it.
 *
 * @example
 * await submitLoyaltyClaimWorkflow(container).run({
 *   input: { customer_id: "cus_123", type: "social_follow", platform: "instagram", handle: "@aino" },
 * })
 */
export const submitLoyaltyClaimWorkflow = createWorkflow(
  submitLoyaltyClaimWorkflowId,
  (input: SubmitLoyaltyClaimInput) => {
    const customer = validateCustomerExistsStep({ customer_id: input.customer_id })
    const account = ensureLoyaltyAccountStep(customer)
    const claim = submitMemberClaimWorkflow.runAsStep({
      input: transform({ input, account }, ({ input, account }) => {
        const { customer_id, ...claim } = input
        return { ...claim, account_id: account.id }
      }),
    })
    return new WorkflowResponse(claim)
  }
)
