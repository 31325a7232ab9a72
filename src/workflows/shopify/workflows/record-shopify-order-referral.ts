import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ShopifyOrderFacts } from "../../../rules/shopify-orders"
import { recordReferralStep } from "../../referrals/steps/record-referral"
import { ensureShopifyMemberStep } from "../steps/ensure-shopify-member"
import { gatherShopifyReferralFactsStep } from "../steps/gather-shopify-referral-facts"
import { recordShopifyReferralOrderStep } from "../steps/record-shopify-referral-order"

export const recordShopifyOrderReferralWorkflowId = "kapy-record-shopify-order-referral"

/**
 * Referrals on Shopify orders: a code the order came with (its `ref` note
 * attribute, or the landing site's `ref` parameter) is recorded for the
 * friend by the same fraud rules as in the store (a friend with earlier
 * orders is refused; the order's browser IP counts toward the per-IP
 * weekly limit), and the order is then recorded on the friend's
 * pending referral (qualifying at the program's minimum).
 *
 * @example
 * await recordShopifyOrderReferralWorkflow(container).run({ input: { shop_domain, order, orders_before: 0 } })
 */
export const recordShopifyOrderReferralWorkflow = createWorkflow(
  recordShopifyOrderReferralWorkflowId,
  (input: { shop_domain: string; order: ShopifyOrderFacts; orders_before: number }) => {
    const account = ensureShopifyMemberStep(transform({ input }, ({ input }) => input.order.customer!))
    when("kapy-shopify-order-referral-code", { input }, ({ input }) => !!input.order.referral_code).then(() => {
      const facts = gatherShopifyReferralFactsStep(
        transform({ input }, ({ input }) => ({
          code: input.order.referral_code!,
          friend: { id: input.order.customer!.id, email: input.order.customer!.email, phone: null, orders_count: input.orders_before },
          ip: input.order.browser_ip ?? null,
        }))
      )
      recordReferralStep(
        transform({ input, facts, account }, ({ input, facts, account }) => ({
          friend: { account_id: account.id },
          code: input.order.referral_code!,
          friend_facts: facts.friend_facts,
          referrer_facts: facts.referrer_facts,
          ip_hash: facts.ip_hash,
        }))
      )
    })
    const referral = recordShopifyReferralOrderStep(
      transform({ input, account }, ({ input, account }) => ({ shop_domain: input.shop_domain, order: input.order, account_id: account.id }))
    )
    return new WorkflowResponse(referral)
  }
)
