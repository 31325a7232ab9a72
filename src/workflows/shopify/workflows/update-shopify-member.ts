import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureShopifyMemberStep } from "../steps/ensure-shopify-member"

export const updateShopifyMemberWorkflowId = "kapy-update-shopify-member"

/**
 * `customers/update`: the member's Shopify identity follows the customer's
 * email and its verification. A newly verified email that belongs to a
 * Medusa customer's account joins the two when the shop allows (a merge by
 * a pair of ledger entries, the older account stays); an unverified one
 * joins nothing; an account is never split by an email change. No bonus
 * and no referral: those belong to `customers/create`.
 *
 * @example
 * await updateShopifyMemberWorkflow(container).run({
 *   input: { id: "115310627314723954", email: "aino@example.com", verified_email: true },
 * })
 */
export const updateShopifyMemberWorkflow = createWorkflow(
  updateShopifyMemberWorkflowId,
  (input: { id: string; email: string | null; verified_email: boolean }) => {
    return new WorkflowResponse(ensureShopifyMemberStep(input))
  }
)
