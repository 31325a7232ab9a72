import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { LoyaltyReferralDTO } from "../../../types/referrals"

export const retrieveReferralStepId = "kapy-retrieve-referral"

/**
 * Reads a referral as it stands at the end of a workflow. Reads only.
 *
 * @example
 * const referral = retrieveReferralStep({ referral_id: "kref_123" })
 */
export const retrieveReferralStep = createStep(
  retrieveReferralStepId,
  async (input: { referral_id: string }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse((await loyalty.retrieveLoyaltyReferral(input.referral_id)) as unknown as LoyaltyReferralDTO)
  }
)
