import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { FriendReward } from "../../../types/referrals"

export const attachFriendRewardStepId = "kapy-attach-friend-reward"

/**
 * Notes on the referral what the friend got (nothing when no reward was
 * made: a storefront code with no adapter to make it). The last write of
 * its workflow, so nothing after it can fail: no compensation.
 *
 * @example
 * attachFriendRewardStep({ referral_id: "kref_123", reward: { type: "points", points: 100, entry_id } })
 */
export const attachFriendRewardStep = createStep(
  attachFriendRewardStepId,
  async (input: { referral_id: string; reward: FriendReward | null }, { container }) => {
    if (!input.reward) {
      return new StepResponse(null)
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse(await loyalty.setReferralFriendReward(input.referral_id, input.reward))
  }
)
