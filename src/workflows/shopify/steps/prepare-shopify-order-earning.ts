import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE, orderEarningScope } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { EarningCampaign, pointsForPurchase } from "../../../rules/earning"
import { availableAt } from "../../../rules/pending"
import {
  SHOPIFY_SKIP_MESSAGES,
  shopifyEarningItems,
  shopifyItemsSubtotal,
  ShopifyOrderFacts,
  shopifyOrderSkipReason,
} from "../../../rules/shopify-orders"
import type { ProgramSettings } from "../../../modules/loyalty/program/program-settings"
import type { EarnPointsInput } from "../../../types/loyalty"
import { runningCampaigns } from "../../earning/utils/order-earning"
import { shopifyIdentity, shopifyOrderRef } from "../utils/refs"
import { shopifyItemTotal } from "./record-shopify-order-qualification"

export const prepareShopifyOrderEarningStepId = "kapy-prepare-shopify-order-earning"

export type ShopifyOrderEarning =
  | { skip: string; earn: null }
  | { skip: null; earn: EarnPointsInput & { account_id: string } }

/**
 * Works out what a paid Shopify order earns by the program's one earning
 * rule (`pointsForPurchase` over `shopifyEarningItems`), for the member the
 * Shopify customer is (made on first need; joined by verified email). A
 * test, voided or cancelled order earns nothing, and says why. An order
 * that earned already (its webhook again, or the reconciliation after the
 * webhook) is not worked out again: the member's tier may have changed
 * since, and the same key with another amount is a conflict. Reads and
 * ensures the member only, so nothing to compensate.
 *
 * @example
 * const earning = prepareShopifyOrderEarningStep({ shop_domain, order, require_paid: false })
 */
export const prepareShopifyOrderEarningStep = createStep(
  prepareShopifyOrderEarningStepId,
  async (
    input: { shop_domain: string; order: ShopifyOrderFacts; require_paid?: boolean; actor_id?: string },
    { container }
  ): Promise<StepResponse<ShopifyOrderEarning>> => {
    const { order } = input
    const skip = shopifyOrderSkipReason(order, { require_paid: input.require_paid })
    if (skip) {
      return new StepResponse({ skip: SHOPIFY_SKIP_MESSAGES[skip], earn: null })
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const ref = shopifyOrderRef(input.shop_domain, order.id)
    if (await loyalty.findOrderEarning(ref)) {
      return new StepResponse({ skip: "the order earned already", earn: null })
    }
    const account = await loyalty.ensureMember(shopifyIdentity(container, order.customer!))
    const settings = await loyalty.retrieveProgramSettings()
    const placedAt = order.processed_at ? new Date(order.processed_at) : new Date()
    const [campaigns, multiplier] = await Promise.all([
      runningCampaigns(loyalty, placedAt),
      loyalty.retrieveEarnMultiplier({ account_id: account.id }, settings),
    ])
    return new StepResponse(
      shopifyOrderEarning({ shop_domain: input.shop_domain, order, account_id: account.id, settings, campaigns, multiplier, actor_id: input.actor_id })
    )
  }
)

/**
 * What a paid Shopify order earns for its member, given what the program
 * says (settings, the campaigns running when it was placed, the member's
 * tier multiplier): the earning rule (`pointsForPurchase` over
 * `shopifyEarningItems`) and the entry it makes. Shared by the earning
 * step (one order) and the batched earner (`earnShopifyInboxBatch`), so
 * both earn the same for the same order.
 */
export function shopifyOrderEarning(input: {
  shop_domain: string
  order: ShopifyOrderFacts
  account_id: string
  settings: ProgramSettings
  campaigns: EarningCampaign[]
  multiplier: string
  placed_at?: Date
  actor_id?: string
}): ShopifyOrderEarning {
  const { order, settings, multiplier } = input
  const placedAt = input.placed_at ?? (order.processed_at ? new Date(order.processed_at) : new Date())
  const ref = shopifyOrderRef(input.shop_domain, order.id)
  const earning = pointsForPurchase(
    {
      items: shopifyEarningItems(order),
      rate: settings.earning.rates[order.currency_code],
      tier_multiplier: multiplier,
      campaigns: input.campaigns,
      net_of_tax: settings.earning.net_of_tax,
    },
    placedAt
  )
  if (earning.points <= 0) {
    return { skip: `the order earns nothing (its amount, or currency ${order.currency_code}, gives 0 points)`, earn: null }
  }
  return {
    skip: null,
    earn: {
      account_id: input.account_id,
      points: earning.points,
      reason: "order" as const,
      idempotency_key: orderEarningScope(ref),
      source_type: "shopify_order",
      source_id: order.id,
      currency_code: order.currency_code,
      available_at: availableAt(placedAt, settings.earning.pending_days),
      actor_type: "system" as const,
      actor_id: input.actor_id ?? "kapy-shopify-orders-paid",
      metadata: {
        shop_domain: input.shop_domain,
        shopify_order_name: order.name,
        base_amount: earning.base_amount,
        multiplier,
        campaign_ids: earning.campaign_ids,
        // what tiers count of it (recordShopifyTierReversalStep takes refunds off this)
        item_total: shopifyItemTotal(order),
        // what refunds are measured against: the lines after discounts, as the prices show them (rules/refunds rule 3)
        item_subtotal: shopifyItemsSubtotal(order),
        taxes_included: order.taxes_included,
        // the cone codes come back when every item is refunded (utils/order-codes)
        discount_codes: order.discount_codes,
      },
    },
  }
}
