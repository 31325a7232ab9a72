import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eraseCustomerReviewsStep } from "../steps/erase-customer-reviews"
import { eraseLoyaltyMemberStep, EraseLoyaltyMemberInput } from "../steps/erase-loyalty-member"
import { eraseShopifyCustomersDataStep } from "../steps/erase-shopify-customers-data"

export const eraseLoyaltyMemberWorkflowId = "kapy-erase-loyalty-member"

/**
 * GDPR erasure of a person in Kapy: their loyalty identities and what else
 * names them, then their reviews (anonymised or removed, by setting) and
 * what the Shopify adapter keeps of their Shopify customers. The ledger's
 * entries and totals, reconcile and the reports stay as they were. Run on
 * `customer.deleted` (that customer's identity), on an admin's request (a
 * customer's member with `whole_member: true`, or a member by
 * `account_id`, who may have no Medusa customer) and when a departed
 * member's retention ends (`account_id`).
 *
 * @example
 * await eraseLoyaltyMemberWorkflow(container).run({ input: { customer_id: "cus_123", whole_member: true } })
 * await eraseLoyaltyMemberWorkflow(container).run({ input: { account_id: "kacc_123" } })
 */
export const eraseLoyaltyMemberWorkflow = createWorkflow(eraseLoyaltyMemberWorkflowId, (input: EraseLoyaltyMemberInput) => {
  const erased = eraseLoyaltyMemberStep(input)
  const reviews = eraseCustomerReviewsStep(transform({ erased }, ({ erased }) => ({ customer_ids: erased.customer_ids })))
  const shopify = eraseShopifyCustomersDataStep(
    transform({ erased }, ({ erased }) => ({ shopify_customer_ids: erased.shopify_customer_ids }))
  )
  return new WorkflowResponse(
    transform({ erased, reviews, shopify }, ({ erased, reviews, shopify }) => ({ ...erased, reviews, shopify }))
  )
})
