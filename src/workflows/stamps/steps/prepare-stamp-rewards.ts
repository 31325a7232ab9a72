import type { CreatePromotionDTO } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { randomInt } from "crypto"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { StampCompletionRow } from "../../../modules/loyalty/stamps/stamp-store"
import { REFERRAL_CODE_ALPHABET } from "../../../rules/referrals"

export const prepareStampRewardsStepId = "kapy-prepare-stamp-rewards"

/**
 * The single-use promotion of each filled card, for that customer only: an
 * amount off the order, or one of a product free (100% off one item), with
 * a campaign budget of one use. Reads only.
 *
 * @example
 * const rewards = prepareStampRewardsStep({ completions, customer_id })
 */
export const prepareStampRewardsStep = createStep(
  prepareStampRewardsStepId,
  async (input: { completions: StampCompletionRow[]; customer_id: string | null }, { container }) => {
    if (!input.completions.length || !input.customer_id) {
      return new StepResponse({ completions: [] as StampCompletionRow[], promotions: [] as CreatePromotionDTO[] })
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const cards = new Map((await loyalty.listStampCards()).map((c) => [c.id, c]))
    const promotions = input.completions.map((completion) => {
      const card = cards.get(completion.card_id)!
      const code = `STAMP-${Array.from({ length: 10 }, () => REFERRAL_CODE_ALPHABET[randomInt(REFERRAL_CODE_ALPHABET.length)]).join("")}`
      const reward = card.reward
      return {
        code,
        type: "standard",
        status: "active",
        is_automatic: false,
        is_tax_inclusive: true,
        application_method:
          reward.type === "amount_off"
            ? { type: "fixed", target_type: "order", allocation: "across", value: Number(reward.amount), currency_code: reward.currency_code }
            : {
                type: "percentage",
                target_type: "items",
                allocation: "each",
                value: 100,
                max_quantity: 1,
                target_rules: [{ attribute: "items.product.id", operator: "eq", values: [reward.product_id] }],
              },
        rules: [{ attribute: "customer.id", operator: "eq", values: [input.customer_id] }],
        campaign: {
          name: `Kapy stamp card ${card.name} ${code}`,
          campaign_identifier: `kapy-stamp-${completion.id}`,
          budget: { type: "usage", limit: 1 },
        },
        metadata: { kapy_stamp_completion_id: completion.id },
      } as CreatePromotionDTO
    })
    return new StepResponse({ completions: input.completions, promotions })
  }
)
