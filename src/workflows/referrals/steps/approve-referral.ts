import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const approveReferralStepId = "kapy-approve-referral"

/**
 * An admin overrules a referral's rejection. Compensation: rejected again
 * for the overruled reason.
 *
 * @example
 * approveReferralStep({ referral_id: "kref_123", note: "Siblings, not one person", actor_id: "user_123" })
 */
export const approveReferralStep = createStep(
  approveReferralStepId,
  async (input: { referral_id: string; note: string; actor_id?: string | null }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const referral = await loyalty.approveReferral(input)
    return new StepResponse(referral, referral.id)
  },
  async (referralId, { container }) => {
    if (referralId) {
      await container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE).undoReferralApproval(referralId)
    }
  }
)
