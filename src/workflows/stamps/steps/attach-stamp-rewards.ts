import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { StampCompletionRow } from "../../../modules/loyalty/stamps/stamp-store"

export const attachStampRewardsStepId = "kapy-attach-stamp-rewards"

/**
 * Notes each filled card's promotion and code, once, and returns the
 * `loyalty.stamp_card_completed` payloads of the cards noted here.
 *
 * @example
 * const completed = attachStampRewardsStep({ completions, promotions, customer_id })
 */
export const attachStampRewardsStep = createStep(
  attachStampRewardsStepId,
  async (
    input: { completions: StampCompletionRow[]; promotions: { id: string; code?: string | null }[]; customer_id: string | null },
    { container }
  ) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const payloads: Record<string, unknown>[] = []
    for (const [i, completion] of input.completions.entries()) {
      const promotion = input.promotions[i]
      if (!(await loyalty.setStampReward(completion.id, { promotion_id: promotion.id, code: promotion.code! }))) {
        // noted by another run meanwhile (its campaign identifier keeps a second live promotion out): announced there
        continue
      }
      payloads.push({
        completion_id: completion.id,
        card_id: completion.card_id,
        account_id: completion.account_id,
        customer_id: input.customer_id,
        order_id: completion.order_id,
        reward_code: promotion.code,
        promotion_id: promotion.id,
      })
    }
    return new StepResponse(payloads)
  }
)
