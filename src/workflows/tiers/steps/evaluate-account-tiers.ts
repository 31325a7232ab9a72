import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { TierChange } from "../../../types/loyalty"

export const evaluateAccountTiersStepId = "kapy-evaluate-account-tiers"

/**
 * Evaluates these accounts' tiers now in one pass (`evaluateAccountTiers`:
 * one transaction, rows locked in id order, one totals read and one write
 * for all of them) and returns the changes: the batched Shopify earner's
 * one evaluation per batch. Should a later step fail, the compensation
 * evaluates them again, so the stored tiers match what is recorded.
 *
 * @example
 * const changes = evaluateAccountTiersStep({ account_ids: ["kacc_1", "kacc_2"] })
 */
export const evaluateAccountTiersStep = createStep(
  evaluateAccountTiersStepId,
  async (input: { account_ids: string[]; now?: Date | string }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const results = await loyalty.evaluateAccountTiers(input.account_ids, { now: input.now ? new Date(input.now) : new Date() })
    return new StepResponse(results.flatMap((r) => (r.change ? [r.change] : [])) as TierChange[], input.account_ids)
  },
  async (accountIds, { container }) => {
    if (accountIds?.length) {
      await container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE).evaluateAccountTiers(accountIds)
    }
  }
)
