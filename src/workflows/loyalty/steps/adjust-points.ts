import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { AdjustPointsInput } from "../../../types/loyalty"

export const adjustPointsStepId = "kapy-adjust-points"

/**
 * Records an admin's adjustment. If a later step fails, the compensation
 * records a reversal (the ledger is append-only); a replayed request wrote
 * nothing new, so it has nothing to undo.
 */
export const adjustPointsStep = createStep(
  adjustPointsStepId,
  async (input: AdjustPointsInput, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const result = await loyalty.adjustPoints(input)
    return new StepResponse(result, result.replayed ? null : result.entry.id)
  },
  async (entryId, { container }) => {
    if (!entryId) {
      return
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    await loyalty.reversePoints({
      entry_id: entryId,
      idempotency_key: `compensate:${entryId}`,
      actor_type: "system",
      actor_id: adjustPointsStepId,
      note: "Adjustment rolled back: its workflow failed",
    })
  }
)
