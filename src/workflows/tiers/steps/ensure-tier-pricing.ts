import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { LoyaltyTierDTO } from "../../../types/loyalty"
import { ensureTierPricing, removeTierPricing } from "../utils/tier-pricing"

export const ensureTierPricingStepId = "kapy-ensure-tier-pricing"

/**
 * Makes the tiers' customer groups, price lists and promotions exist and
 * match the tiers (`ensureTierPricing`); all tiers when `tier_ids` is
 * omitted. Idempotent: nothing to compensate (a retry finds them).
 *
 * @example
 * const tiers = ensureTierPricingStep({ tier_ids: ["ktier_123"] })
 */
export const ensureTierPricingStep = createStep(
  ensureTierPricingStepId,
  async (input: { tier_ids?: string[] }, { container }) => {
    return new StepResponse(await ensureTierPricing(container, input.tier_ids))
  }
)

export const removeTierPricingStepId = "kapy-remove-tier-pricing"

/**
 * Removes a deleted tier's customer group, price list and promotion. The
 * workflow's last step: nothing after it can fail, so no compensation.
 *
 * @example
 * removeTierPricingStep({ tier })
 */
export const removeTierPricingStep = createStep(
  removeTierPricingStepId,
  async (input: { tier: LoyaltyTierDTO | null }, { container }) => {
    if (input.tier) {
      await removeTierPricing(container, input.tier)
    }
    return new StepResponse(null)
  }
)
