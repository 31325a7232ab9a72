import { createPromotionsWorkflow } from "@medusajs/core-flows"
import { createHook, createWorkflow, Hook, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { FriendRewardChannel } from "../../../rules/referrals"
import type { FriendReward } from "../../../types/referrals"
import { earnPointsStep } from "../../earning/steps/earn-points"
import { attachFriendRewardStep } from "../steps/attach-friend-reward"
import { FriendRewardPlan, prepareFriendRewardStep, StorefrontFriendCodePlan } from "../steps/prepare-friend-reward"

export const issueReferralFriendRewardWorkflowId = "kapy-issue-referral-friend-reward"

/**
 * Gives the friend of a standing referral their welcome reward, once: a
 * single-use promotion code made with Medusa's promotion workflow (for that
 * customer only, on items of at least the program's minimum order, a
 * campaign budget of one use), a single-use code on the storefront where
 * the friend shops (`applied_on: "shopify"`, or a friend with only a
 * Shopify customer) made by the adapter's `storefrontFriendCode` hook
 * handler, or cones. Each write undoes itself if a later
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

    // A code on a storefront the core does not run (Shopify) is the adapter's
    // to make: it registers a handler on this hook (answering the reward, and
    // deleting the code in its compensation). Without one, nothing is noted.
    let storefrontFriendCode!: Hook<"storefrontFriendCode", StorefrontFriendCodeHookInput, FriendReward | undefined>
    when("kapy-friend-reward-is-storefront-code", { plan }, ({ plan }) => !!plan?.storefront_code).then(() => {
      storefrontFriendCode = createHook(
        "storefrontFriendCode",
        transform({ plan }, ({ plan }): StorefrontFriendCodeHookInput => ({ referral_id: plan!.referral_id, plan: plan!.storefront_code! }))
      ) as unknown as typeof storefrontFriendCode
      const reward = storefrontFriendCode.getResult()
      attachFriendRewardStep(
        transform({ plan, reward }, ({ plan, reward }) => ({ referral_id: plan!.referral_id, reward: (reward as FriendReward | undefined) ?? null }))
      ).config({ name: "kapy-attach-friend-storefront-code" })
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

    return new WorkflowResponse(plan, { hooks: [storefrontFriendCode] })
  }
)

/** What the `storefrontFriendCode` hook's handler is given; it answers the `FriendReward` it made, or nothing. */
export type StorefrontFriendCodeHookInput = { referral_id: string; plan: StorefrontFriendCodePlan }

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
