import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { earnPointsStep } from "../../earning/steps/earn-points"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { recordReferralStep } from "../../referrals/steps/record-referral"
import { issueReferralFriendRewardWorkflow } from "../../referrals/workflows/issue-referral-friend-reward"
import { ensureShopifyMemberStep } from "../steps/ensure-shopify-member"
import { gatherShopifyReferralFactsStep } from "../steps/gather-shopify-referral-facts"
import { prepareShopifySignupStep } from "../steps/prepare-shopify-signup"

export const awardShopifySignupWorkflowId = "kapy-award-shopify-signup"

export type ShopifySignupInput = {
  shop_domain: string
  customer: {
    id: string
    email: string | null
    verified_email: boolean
    phone: string | null
    orders_count: number
  }
  /** A friend's referral code the customer came with (note `ref=CODE`, or the order's `ref` attribute). */
  referral_code?: string | null
}

/**
 * `customers/create`: the Shopify customer becomes a member (joined with a
 * Medusa account by verified email when the shop allows), gets the welcome
 * bonus once per member, and a referral code they came with is recorded
 * for the referrer by the same fraud rules as in the Medusa store (a
 * rejected one is recorded too, with its reason); a standing one gives the
 * friend their welcome reward (a single-use Shopify code, or cones).
 *
 * @example
 * await awardShopifySignupWorkflow(container).run({
 *   input: { shop_domain, customer: { id: "115310627314723954", email, verified_email: true, phone: null, orders_count: 0 }, referral_code: "K7P2MX9Q" },
 * })
 */
export const awardShopifySignupWorkflow = createWorkflow(awardShopifySignupWorkflowId, (input: ShopifySignupInput) => {
  const account = ensureShopifyMemberStep(transform({ input }, ({ input }) => input.customer))
  const signup = prepareShopifySignupStep(
    transform({ input, account }, ({ input, account }) => ({
      account_id: account.id,
      shop_domain: input.shop_domain,
      customer_id: input.customer.id,
    }))
  )
  const result = when({ signup }, ({ signup }) => !!signup).then(() =>
    earnPointsStep(transform({ signup }, ({ signup }) => signup!))
  )
  const referral = when("kapy-shopify-referral-code", { input }, ({ input }) => !!input.referral_code).then(() => {
    const facts = gatherShopifyReferralFactsStep(
      transform({ input }, ({ input }) => ({
        code: input.referral_code!,
        friend: {
          id: input.customer.id,
          email: input.customer.email,
          phone: input.customer.phone,
          orders_count: input.customer.orders_count,
        },
      }))
    )
    return recordReferralStep(
      transform({ input, facts, account }, ({ input, facts, account }) => ({
        friend: { account_id: account.id },
        code: input.referral_code!,
        friend_facts: facts.friend_facts,
        referrer_facts: facts.referrer_facts,
      }))
    )
  })
  // a standing referral welcomes the friend as the app proxy's apply does (a Shopify code or cones), once
  when(
    "kapy-shopify-signup-referral-stands",
    { referral },
    ({ referral }) => !!referral && referral.referral.status === "pending" && !referral.referral.friend_reward
  ).then(() => {
    issueReferralFriendRewardWorkflow.runAsStep({
      input: transform({ referral }, ({ referral }) => ({ referral_id: referral!.referral.id, applied_on: "shopify" as const })),
    })
  })
  emitEventStep({
    eventName: LoyaltyEvents.POINTS_EARNED,
    data: transform({ result }, ({ result }) => eventPayloads([result])),
  })
  return new WorkflowResponse(
    transform({ account, result, referral }, ({ account, result, referral }) => ({
      account,
      signup: result ?? null,
      referral: referral?.referral ?? null,
    }))
  )
})
