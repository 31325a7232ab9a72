import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { recordReferralStep } from "../../referrals/steps/record-referral"
import { retrieveReferralStep } from "../../referrals/steps/retrieve-referral"
import { issueReferralFriendRewardWorkflow } from "../../referrals/workflows/issue-referral-friend-reward"
import { gatherShopifyFriendStep } from "../steps/gather-shopify-friend"
import { gatherShopifyReferralFactsStep } from "../steps/gather-shopify-referral-facts"

export const applyShopifyReferralCodeWorkflowId = "kapy-apply-shopify-referral-code"

/**
 * A logged-in Shopify customer applies a friend's code through the app
 * proxy: the same fraud rules and the same records as the Medusa store's
 * `applyReferralCodeWorkflow`. When the referral stands, the friend gets
 * their welcome reward as in the store: cones, or a single-use Shopify
 * discount code for their Shopify customer (applying again issues nothing
 * more). The referrer's reward follows the friend's first order as in the
 * store.
 *
 * @example
 * const { result } = await applyShopifyReferralCodeWorkflow(container).run({ input: { customer_id: "115310627314723954", code: "K7P2MX9Q" } })
 */
export const applyShopifyReferralCodeWorkflow = createWorkflow(
  applyShopifyReferralCodeWorkflowId,
  (input: { customer_id: string; code: string }) => {
    const friend = gatherShopifyFriendStep(input)
    const facts = gatherShopifyReferralFactsStep(
      transform({ input, friend }, ({ input, friend }) => ({ code: input.code, friend: friend.friend }))
    )
    const recorded = recordReferralStep(
      transform({ input, friend, facts }, ({ input, friend, facts }) => ({
        friend: { account_id: friend.account_id },
        code: input.code,
        friend_facts: facts.friend_facts,
        referrer_facts: facts.referrer_facts,
      }))
    )
    when("kapy-shopify-referral-stands", { recorded }, ({ recorded }) => recorded.referral.status === "pending" && !recorded.referral.friend_reward).then(
      () => {
        issueReferralFriendRewardWorkflow.runAsStep({
          input: transform({ recorded }, ({ recorded }) => ({ referral_id: recorded.referral.id, applied_on: "shopify" as const })),
        })
      }
    )
    const referral = retrieveReferralStep(transform({ recorded }, ({ recorded }) => ({ referral_id: recorded.referral.id })))
    return new WorkflowResponse(
      transform({ referral, recorded }, ({ referral, recorded }) => ({ referral, created: recorded.created }))
    )
  }
)
