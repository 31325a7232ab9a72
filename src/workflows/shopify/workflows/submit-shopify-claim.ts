import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { submitClaimStep } from "../../claims/steps/submit-claim"
import { approveLoyaltyClaimWorkflow } from "../../claims/workflows/approve-loyalty-claim"
import { ensureShopifyMemberStep } from "../steps/ensure-shopify-member"

export const submitShopifyClaimWorkflowId = "kapy-submit-shopify-claim"

export type SubmitShopifyClaimInput = { shopify_customer_id: string } & (
  | { type: "social_follow"; platform: string; handle?: string | null }
  | { type: "custom"; action_id: string; evidence?: string | null }
)

/**
 * A logged-in Shopify customer claims cones for a social follow or a custom
 * action through the app proxy: the same claim, limits and auto-approval as
 * `submitLoyaltyClaimWorkflow` in the Medusa store, for the member the
 * Shopify customer is.
 *
 * @example
 * await submitShopifyClaimWorkflow(container).run({
 *   input: { shopify_customer_id: "7401234567890123459", type: "social_follow", platform: "instagram", handle: "@aino" },
 * })
 */
export const submitShopifyClaimWorkflow = createWorkflow(submitShopifyClaimWorkflowId, (input: SubmitShopifyClaimInput) => {
  const account = ensureShopifyMemberStep(transform({ input }, ({ input }) => ({ id: input.shopify_customer_id })))
  const submitted = submitClaimStep(
    transform({ input, account }, ({ input, account }) => {
      const { shopify_customer_id, ...claim } = input
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
})
