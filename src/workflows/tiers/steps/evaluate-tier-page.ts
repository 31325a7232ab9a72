import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const evaluateTierPageStepId = "kapy-evaluate-tier-page"

/**
 * Evaluates the page of accounts after `after_id` (the CLI's walk over
 * every account), one transaction per page. Returns the page's last id
 * (null after the last page), how many were evaluated and the changes.
 *
 * @example
 * const page = evaluateTierPageStep({ after_id: null, limit: 500 })
 */
export const evaluateTierPageStep = createStep(
  evaluateTierPageStepId,
  async (input: { after_id?: string | null; limit?: number; now?: Date | string }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const page = await loyalty.evaluateTierPage({
      after_id: input.after_id ?? null,
      limit: input.limit,
      now: input.now ? new Date(input.now) : new Date(),
    })
    return new StepResponse({
      last_id: page.last_id,
      evaluated: page.evaluated,
      changes: page.results.flatMap((r) => (r.change ? [r.change] : [])),
    })
  }
)
