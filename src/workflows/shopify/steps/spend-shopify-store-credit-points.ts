import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { StoreCreditRow } from "../../../modules/shopify/service"
import { shopifyStoreCreditKey } from "../../../rules/redemption"
import { voidOnFailure } from "../../common/void-on-failure"
import type { ShopifyRedemptionPlan } from "./prepare-shopify-redemption"

export const spendShopifyStoreCreditPointsStepId = "kapy-spend-shopify-store-credit-points"

/**
 * Takes the cones a store credit is bought with, once per redeem request
 * (the ledger key `shopify-credit:<shop>:<request key>`: a retry replays
 * the entry) and never below zero (a 409 when two redemptions race for the
 * same cones, before Shopify is asked for anything). Compensation: the
 * spend is voided, so the cones come back when the credit is not made.
 *
 * @example
 * const spent = spendShopifyStoreCreditPointsStep({ plan, credit })
 */
export const spendShopifyStoreCreditPointsStep = createStep(
  spendShopifyStoreCreditPointsStepId,
  async ({ plan, credit }: { plan: ShopifyRedemptionPlan; credit: StoreCreditRow }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const result = await loyalty.spendPoints({
      account_id: plan.account_id,
      points: plan.points,
      reason: "redemption",
      idempotency_key: shopifyStoreCreditKey(plan.shop_domain, plan.request_key),
      source_type: "shopify_store_credit",
      source_id: credit.id,
      currency_code: plan.currency_code,
      actor_type: "customer",
      actor_id: `shopify:${plan.customer_id}`,
      note: `Shopify store credit (${plan.amount} ${plan.currency_code.toUpperCase()})`,
    })
    return new StepResponse(result, result.replayed ? null : result.entry.id)
  },
  voidOnFailure(spendShopifyStoreCreditPointsStepId)
)
