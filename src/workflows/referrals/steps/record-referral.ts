import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { ApplyReferralInput } from "../../../types/referrals"

export const recordReferralStepId = "kapy-record-referral"

/**
 * Records the friend's referral, decided by the fraud rules (a rejection
 * is recorded too). Compensation: a referral this run recorded is removed,
 * so the friend can apply again; one recorded before is left alone.
 *
 * @example
 * const { referral, created } = recordReferralStep({ friend: { customer_id }, code, friend_facts, referrer_facts })
 */
export const recordReferralStep = createStep(
  recordReferralStepId,
  async (input: ApplyReferralInput, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const result = await loyalty.applyReferral(input)
    return new StepResponse(result, result.created ? result.referral.id : null)
  },
  async (referralId, { container }) => {
    if (referralId) {
      await container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE).discardReferral(referralId)
    }
  }
)
