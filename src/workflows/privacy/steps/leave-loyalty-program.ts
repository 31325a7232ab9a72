import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { LedgerActorType } from "../../../types/loyalty"

export const leaveLoyaltyProgramStepId = "kapy-leave-loyalty-program"

/**
 * Closes the member's account and forfeits their balance by one entry;
 * their data is due for erasure after the shop's retention. No
 * compensation: leaving is the member's decision and is idempotent.
 *
 * @example
 * const left = leaveLoyaltyProgramStep({ account_id, actor_type: "customer", actor_id: customerId })
 */
export const leaveLoyaltyProgramStep = createStep(
  leaveLoyaltyProgramStepId,
  async (input: { account_id: string; actor_type: LedgerActorType; actor_id?: string | null }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse(await loyalty.leaveProgram(input))
  }
)
