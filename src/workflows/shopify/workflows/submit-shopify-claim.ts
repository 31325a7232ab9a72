import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { submitMemberClaimWorkflow } from "../../claims/workflows/submit-member-claim"
import { ensureShopifyMemberStep } from "../steps/ensure-shopify-member"

export const submitShopifyClaimWorkflowId = "kapy-submit-shopify-claim"

export type SubmitShopifyClaimInput = { shopify_customer_id: string } & (
  | { type: "social_follow"; platform: string; handle?: string | null }
  | { type: "custom"; action_id: string; evidence?: string | null }
)

/**
 * A logged-in Shopify customer claims cones for a social follow or a custom
 * action through the app proxy: the same claim, limits and auto-approval
 * (`submitMemberClaimWorkflow`) as in the Medusa store, for the member the
 * Shopify customer is.
 *
 * @example
 * await submitShopifyClaimWorkflow(container).run({
 *   input: { shopify_customer_id: "7401234567890123459", type: "social_follow", platform: "instagram", handle: "@aino" },
 * })
 */
export const submitShopifyClaimWorkflow = createWorkflow(submitShopifyClaimWorkflowId, (input: SubmitShopifyClaimInput) => {
  const account = ensureShopifyMemberStep(transform({ input }, ({ input }) => ({ id: input.shopify_customer_id })))
  const claim = submitMemberClaimWorkflow.runAsStep({
    input: transform({ input, account }, ({ input, account }) => {
      const { shopify_customer_id, ...claim } = input
      return { ...claim, account_id: account.id }
    }),
  })
  return new WorkflowResponse(claim)
})
