import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { EarnPointsInput } from "../../../types/loyalty"
import { voidOnFailure } from "../../common/void-on-failure"

export const earnPointsStepId = "kapy-earn-points"

/** Credits points; a later failure reverses them. */
export const earnPointsStep = createStep(
  earnPointsStepId,
  async (input: EarnPointsInput, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const result = await loyalty.earnPoints(input)
    return new StepResponse(result, result.replayed ? null : result.entry.id)
  },
  voidOnFailure(earnPointsStepId)
)
