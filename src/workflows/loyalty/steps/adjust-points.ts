import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { AdjustPointsInput } from "../../../types/loyalty"
import { voidOnFailure } from "../../common/void-on-failure"

export const adjustPointsStepId = "kapy-adjust-points"

/** Records an admin's adjustment; a later failure reverses it. */
export const adjustPointsStep = createStep(
  adjustPointsStepId,
  async (input: AdjustPointsInput, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const result = await loyalty.adjustPoints(input)
    return new StepResponse(result, result.replayed ? null : result.entry.id)
  },
  voidOnFailure(adjustPointsStepId)
)
