import { createPromotionsWorkflow } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { FriendRewardChannel } from "../../../rules/referrals"
import type { FriendReward } from "../../../types/referrals"
import { earnPointsStep } from "../../earning/steps/earn-points"
import { createShopifyFriendCodeStep } from "../../shopify/steps/create-shopify-friend-code"
import { attachFriendRewardStep } from "../steps/attach-friend-reward"
import { FriendRewardPlan, prepareFriendRewardStep } from "../steps/prepare-friend-reward"

export const issueReferralFriendRewardWorkflowId = "kapy-issue-referral-friend-reward"

/**
 * Gives the friend of a standing referral their welcome reward, once: a
 * single-use promotion code made with Medusa's promotion workflow (for that
 * customer only, on items of at least the program's minimum order, a
 * campaign budget of one use), a single-use Shopify discount code for a
 * friend who shops on Shopify (`applied_on: "shopify"`, or a friend with
 * only a Shopify customer), or cones. Each write undoes itself if a later
 * step fails (the promotion or the Shopify code is deleted, the cones
 * voided); the referral notes the reward, so a second run issues nothing.
 *
 * @example
 * await issueReferralFriendRewardWorkflow(container).run({ input: { referral_id: "kref_123", applied_on: "shopify" } })
 */
export const issueReferralFriendRewardWorkflow = createWorkflow(
  issueReferralFriendRewardWorkflowId,
  (input: { referral_id: string; applied_on?: FriendRewardChannel | null }) => {
    const plan = prepareFriendRewardStep(input)

    when("kapy-friend-reward-is-promotion", { plan }, ({ plan }) => !!plan?.promotion).then(() => {
      const promotions = createPromotionsWorkflow.runAsStep({
        input: transform({ plan }, ({ plan }) => ({ promotionsData: [plan!.promotion!] })),
      })
      attachFriendRewardStep(
        transform({ plan, promotions }, ({ plan, promotions }) => ({
          referral_id: plan!.referral_id,
          reward: promotionReward(plan!, promotions[0]),
        }))
      ).config({ name: "kapy-attach-friend-promotion" })
    })

    when("kapy-friend-reward-is-shopify-code", { plan }, ({ plan }) => !!plan?.shopify_code).then(() => {
      const reward = createShopifyFriendCodeStep(
        transform({ plan }, ({ plan }) => ({ referral_id: plan!.referral_id, plan: plan!.shopify_code! }))
      )
      attachFriendRewardStep(
        transform({ plan, reward }, ({ plan, reward }) => ({ referral_id: plan!.referral_id, reward }))
      ).config({ name: "kapy-attach-friend-shopify-code" })
    })

    when("kapy-friend-reward-is-points", { plan }, ({ plan }) => !!plan?.points).then(() => {
      const earned = earnPointsStep(transform({ plan }, ({ plan }) => plan!.points!))
      attachFriendRewardStep(
        transform({ plan, earned }, ({ plan, earned }) => ({
          referral_id: plan!.referral_id,
          reward: { type: "points", points: earned.entry.points, entry_id: earned.entry.id } as FriendReward,
        }))
      ).config({ name: "kapy-attach-friend-points" })
    })

    return new WorkflowResponse(plan)
  }
)

function promotionReward(plan: FriendRewardPlan, promotion: { id: string; code?: string | null }): FriendReward {
  return {
    type: "promotion",
    promotion_id: promotion.id,
    code: promotion.code ?? plan.promotion!.code,
    amount: plan.amount!,
    currency_code: plan.currency_code,
    min_order: plan.min_order,
  }
}
