import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const rejectClaimStepId = "kapy-reject-claim"

/**
 * Rejects a pending claim with a reason (409 when it is decided already).
 * No compensation: nothing follows it that could fail.
 *
 * @example
 * rejectClaimStep({ claim_id: "kclm_123", reason: "No such follower", actor_id: "user_123" })
 */
export const rejectClaimStep = createStep(
  rejectClaimStepId,
  async (input: { claim_id: string; reason: string; actor_id?: string | null }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse(await loyalty.rejectClaim(input))
  }
)
