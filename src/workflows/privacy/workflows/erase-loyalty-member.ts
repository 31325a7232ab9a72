import { createHook, createWorkflow, Hook, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eraseCustomerReviewsStep } from "../steps/erase-customer-reviews"
import { eraseLoyaltyMemberStep, EraseLoyaltyMemberInput } from "../steps/erase-loyalty-member"

export const eraseLoyaltyMemberWorkflowId = "kapy-erase-loyalty-member"

/**
 * GDPR erasure of a person in Kapy: their loyalty identities and what else
 * names them, then their reviews (anonymised or removed, by setting) and
 * what a storefront adapter keeps of their customers there (the Shopify
 * adapter's handler on the `eraseStorefrontData` hook: the core knows no
 * adapter). The ledger's
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
  const eraseStorefrontData = createHook(
    "eraseStorefrontData",
    transform({ erased }, ({ erased }): EraseStorefrontDataInput => ({ shopify_customer_ids: erased.shopify_customer_ids }))
  ) as unknown as Hook<"eraseStorefrontData", EraseStorefrontDataInput, StorefrontDataErased | undefined>
  const storefront = eraseStorefrontData.getResult()
  return new WorkflowResponse(
    transform({ erased, reviews, storefront }, ({ erased, reviews, storefront }) => ({
      ...erased,
      reviews,
      shopify: (storefront as StorefrontDataErased | undefined) ?? { deliveries: 0, codes: 0 },
    })),
    { hooks: [eraseStorefrontData] }
  )
})

/** What the `eraseStorefrontData` hook's handler is given: the erased member's customers on Shopify. */
export type EraseStorefrontDataInput = { shopify_customer_ids: string[] }

/** What it answers: how many webhook payloads and codes it erased of them. */
export type StorefrontDataErased = { deliveries: number; codes: number }
