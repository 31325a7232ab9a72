import type { CreatePromotionDTO } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { randomInt } from "crypto"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { FriendRewardChannel, friendRewardChannel, friendRewardTerms, REFERRAL_CODE_ALPHABET } from "../../../rules/referrals"
import type { EarnPointsInput } from "../../../types/loyalty"

export const prepareFriendRewardStepId = "kapy-prepare-friend-reward"

/**
 * A single-use code for the friend's customer on a storefront that Kapy's
 * core does not run itself (Shopify): the adapter registered on the
 * `storefrontFriendCode` hook of issueReferralFriendRewardWorkflow makes it,
 * in its shop's currency, from the program's terms.
 */
export type StorefrontFriendCodePlan = {
  storefront: "shopify"
  /** The friend's customer id on that storefront. */
  external_customer_id: string
  code: string
  /** The program's welcome: amount and minimum order per currency. */
  program_terms: { amount: string; min_order: Record<string, string> }
}

export type FriendRewardPlan = {
  referral_id: string
  promotion: CreatePromotionDTO | null
  points: EarnPointsInput | null
  storefront_code: StorefrontFriendCodePlan | null
  /** The code's currency and minimum, noted on the referral with its code. */
  currency_code: string
  amount: string | null
  min_order: string | null
}

/**
 * Works out the friend's reward by the program (rule 4 of
 * `rules/referrals`): cones; or, where the friend shops, a single-use
 * Medusa promotion code for their Medusa customer (Medusa enforces it: the
 * rule `customer.id`, the rule `original_item_total >= min_order`, a
 * campaign budget of one use) or the plan of a single-use code for their
 * Shopify customer, which the Shopify adapter makes (see
 * `StorefrontFriendCodePlan`). `applied_on` is where
 * the friend applied the code (none when an admin approves it). Null when
 * the referral does not stand, already has its reward, or the friend has
 * no customer to make a code for. Reads only.
 *
 * @example
 * const plan = prepareFriendRewardStep({ referral_id: "kref_123", applied_on: "shopify" })
 */
export const prepareFriendRewardStep = createStep(
  prepareFriendRewardStepId,
  async (input: { referral_id: string; applied_on?: FriendRewardChannel | null }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const referral: any = await loyalty.retrieveLoyaltyReferral(input.referral_id)
    const settings = await loyalty.retrieveProgramSettings()
    if (referral.status !== "pending" || referral.friend_reward) {
      return new StepResponse(null)
    }
    const reward = settings.referral.friend_reward
    if (reward.type === "points") {
      return new StepResponse<FriendRewardPlan | null>({
        referral_id: referral.id,
        promotion: null,
        points: {
          account_id: referral.friend_account_id,
          points: reward.points,
          reason: "referral",
          idempotency_key: `referral-friend:${referral.id}`,
          source_type: "referral",
          source_id: referral.id,
          note: "Welcome: a friend's referral",
          actor_type: "system",
          actor_id: prepareFriendRewardStepId,
        },
        storefront_code: null,
        currency_code: "",
        amount: null,
        min_order: null,
      })
    }
    const [customerIds, identities] = await Promise.all([
      loyalty.listCustomerIdsOfAccounts([referral.friend_account_id]),
      loyalty.listMemberIdentities(referral.friend_account_id),
    ])
    const customerId = customerIds.get(referral.friend_account_id)
    const shopifyCustomerId = identities.find((i) => i.provider === "shopify")?.external_id
    const channel = friendRewardChannel({
      applied_on: input.applied_on ?? null,
      medusa_customer: !!customerId,
      shopify_customer: !!shopifyCustomerId,
    })
    if (channel === "shopify") {
      const program_terms = { amount: reward.amount, min_order: settings.referral.min_order }
      return new StepResponse<FriendRewardPlan | null>({
        referral_id: referral.id,
        promotion: null,
        points: null,
        storefront_code: {
          storefront: "shopify",
          external_customer_id: shopifyCustomerId!,
          code: `KAPY-${randomCode(10)}`,
          program_terms,
        },
        // noted in the program's terms; the storefront's reward carries its shop's
        ...friendRewardTerms(program_terms),
      })
    }
    if (!customerId) {
      return new StepResponse(null)
    }
    const { currency_code: currency, min_order: minimum } = friendRewardTerms({ amount: reward.amount, min_order: settings.referral.min_order })
    const code = `KAPY-${randomCode(10)}`
    const promotion: CreatePromotionDTO = {
      code,
      type: "standard",
      status: "active",
      is_automatic: false,
      // "5 EUR off" is off what the shopper pays, tax included
      is_tax_inclusive: true,
      application_method: {
        type: "fixed",
        target_type: "order",
        allocation: "across",
        value: Number(reward.amount),
        currency_code: currency,
      },
      rules: [
        { attribute: "customer.id", operator: "eq", values: [customerId] },
        ...(minimum ? [{ attribute: "original_item_total", operator: "gte" as const, values: [minimum] }] : []),
      ],
      campaign: {
        name: `Kapy referral welcome ${code}`,
        campaign_identifier: `kapy-referral-${referral.id}`,
        budget: { type: "usage", limit: 1 },
      },
      metadata: { kapy_referral_id: referral.id },
    } as CreatePromotionDTO
    return new StepResponse<FriendRewardPlan | null>({
      referral_id: referral.id,
      promotion,
      points: null,
      storefront_code: null,
      currency_code: currency,
      amount: reward.amount,
      min_order: minimum,
    })
  }
)

function randomCode(length: number) {
  let code = ""
  for (let i = 0; i < length; i++) {
    code += REFERRAL_CODE_ALPHABET[randomInt(REFERRAL_CODE_ALPHABET.length)]
  }
  return code
}
