import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { availableAt } from "../../../rules/pending"
import { meetsMinimumOrder } from "../../../rules/referrals"
import { shopifyItemTotal } from "./record-shopify-order-qualification"
import type { ShopifyOrderFacts } from "../../../rules/shopify-orders"
import { shopifyOrderRef } from "../utils/refs"

export const recordShopifyReferralOrderStepId = "kapy-record-shopify-referral-order"

/**
 * A friend's paid Shopify order on their pending referral, as a Medusa
 * order is (`prepareReferralOrderStep`): it qualifies when its items reach
 * the program's `min_order`, and the referrer is rewarded once its pending
 * period has passed (by the same due-referrals job). Nothing for a member
 * without a pending referral, or whose referral has its order already.
 *
 * @example
 * recordShopifyReferralOrderStep({ shop_domain, order })
 */
export const recordShopifyReferralOrderStep = createStep(
  recordShopifyReferralOrderStepId,
  async (input: { shop_domain: string; order: ShopifyOrderFacts; account_id: string }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const referral = await loyalty.retrieveReferralOfFriend(input.account_id)
    if (!referral || referral.status !== "pending" || referral.order_id) {
      return new StepResponse(null)
    }
    const settings = await loyalty.retrieveProgramSettings()
    const placed = input.order.processed_at ? new Date(input.order.processed_at) : new Date()
    const qualifies = meetsMinimumOrder(
      { amount: shopifyItemTotal(input.order), currency_code: input.order.currency_code },
      settings.referral.min_order
    )
    const updated = await loyalty.recordReferralOrder({
      referral_id: referral.id,
      order_id: shopifyOrderRef(input.shop_domain, input.order.id),
      qualifies_at: qualifies ? availableAt(placed, settings.earning.pending_days) : null,
      rejection: null,
    })
    return new StepResponse(updated)
  }
)
