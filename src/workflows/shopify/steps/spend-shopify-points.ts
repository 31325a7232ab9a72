import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { voidOnFailure } from "../../common/void-on-failure"
import type { ShopifyRedemptionPlan } from "./prepare-shopify-redemption"

export const spendShopifyPointsStepId = "kapy-spend-shopify-points"

/**
 * Takes the cones a discount code is bought with (never below zero: a 409
 * when two redemptions race for the same cones). Compensation: the spend is
 * voided, so the cones come back when the code cannot be created.
 *
 * @example
 * const spent = spendShopifyPointsStep(plan)
 */
export const spendShopifyPointsStep = createStep(
  spendShopifyPointsStepId,
  async (plan: ShopifyRedemptionPlan, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const result = await loyalty.spendPoints({
      account_id: plan.account_id,
      points: plan.points,
      reason: "redemption",
      idempotency_key: `shopify-code:${plan.code}`,
      source_type: "shopify_discount_code",
      source_id: plan.code,
      currency_code: plan.currency_code,
      actor_type: "customer",
      actor_id: `shopify:${plan.customer_id}`,
      note: `Discount code ${plan.code} (${plan.amount} ${plan.currency_code.toUpperCase()})`,
    })
    return new StepResponse(result, result.replayed ? null : result.entry.id)
  },
  voidOnFailure(spendShopifyPointsStepId)
)
