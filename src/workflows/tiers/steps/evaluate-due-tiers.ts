import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const evaluateDueTiersStepId = "kapy-evaluate-due-tiers"

/**
 * Evaluates one batch of the accounts whose tier may change with time (a
 * grace period or an override ended, history left the window): set-based
 * in SQL, rows another worker holds skipped. Nothing to compensate: the
 * evaluation is what the recorded history says.
 *
 * @example
 * const { evaluated, changes } = evaluateDueTiersStep({ limit: 500 })
 */
export const evaluateDueTiersStep = createStep(
  evaluateDueTiersStepId,
  async (input: { now?: Date | string; limit?: number; after_id?: string | null }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse(
      await loyalty.evaluateDueTiers({
        now: input.now ? new Date(input.now) : new Date(),
        limit: input.limit,
        after_id: input.after_id ?? null,
      })
    )
  }
)
