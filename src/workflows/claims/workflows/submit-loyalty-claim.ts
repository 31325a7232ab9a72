import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureLoyaltyAccountStep } from "../../loyalty/steps/ensure-loyalty-account"
import { validateCustomerExistsStep } from "../../loyalty/steps/validate-customer-exists"
import { submitClaimStep } from "../steps/submit-claim"
import { approveLoyaltyClaimWorkflow } from "./approve-loyalty-claim"

export const submitLoyaltyClaimWorkflowId = "kapy-submit-loyalty-claim"

export type SubmitLoyaltyClaimInput = { customer_id: string } & (
  | { type: "social_follow"; platform: string; handle?: string | null }
  | { type: "custom"; action_id: string; evidence?: string | null }
)

/**
 * A logged-in customer claims cones for a social follow or a custom
 * action. The claim waits for an admin, or is approved at once (with its
 * cones) when the program auto-approves that platform or action.
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
    const submitted = submitClaimStep(
      transform({ input, account }, ({ input, account }) => {
        const { customer_id, ...claim } = input
        return { ...claim, account_id: account.id }
      })
    )
    const approved = when({ submitted }, ({ submitted }) => submitted.auto_approve).then(() =>
      approveLoyaltyClaimWorkflow.runAsStep({
        input: transform({ submitted }, ({ submitted }) => ({
          claim_id: submitted.claim.id,
          actor_type: "system" as const,
          actor_id: "kapy-auto-approve",
        })),
      })
    )
    return new WorkflowResponse(transform({ submitted, approved }, ({ submitted, approved }) => approved ?? submitted.claim))
  }
)
