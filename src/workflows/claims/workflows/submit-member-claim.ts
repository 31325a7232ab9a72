import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { SubmitClaimInput } from "../../../types/awards"
import { submitClaimStep } from "../steps/submit-claim"
import { approveLoyaltyClaimWorkflow } from "./approve-loyalty-claim"

export const submitMemberClaimWorkflowId = "kapy-submit-member-claim"

/**
 * A member's claim for a social follow or a custom action, whoever the
 * member is to the shop (a Medusa customer, a Shopify customer): the claim
 * waits for an admin, or is approved at once (with its cones) when the
 * program auto-approves that platform or action.
 *
 * @example
 * await submitMemberClaimWorkflow(container).run({
 *   input: { account_id: "kacc_123", type: "social_follow", platform: "instagram", handle: "@aino" },
 * })
 */
export const submitMemberClaimWorkflow = createWorkflow(submitMemberClaimWorkflowId, (input: SubmitClaimInput) => {
  const submitted = submitClaimStep(input)
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
})
