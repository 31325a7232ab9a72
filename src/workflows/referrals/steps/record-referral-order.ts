import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const recordReferralOrderStepId = "kapy-record-referral-order"

/**
 * Records the friend's order on their referral (a rejection, or the first
 * qualifying order). The workflow's only write and its last: no
 * compensation.
 *
 * @example
 * recordReferralOrderStep({ referral_id, order_id, rejection: null, qualifies_at })
 */
export const recordReferralOrderStep = createStep(
  recordReferralOrderStepId,
  async (
    input: { referral_id: string; order_id: string; rejection: string | null; qualifies_at: Date | null },
    { container }
  ) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse(
      await loyalty.recordReferralOrder({ ...input, qualifies_at: input.qualifies_at ? new Date(input.qualifies_at) : null })
    )
  }
)
