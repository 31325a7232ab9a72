import type { CreatePromotionDTO } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { randomInt } from "crypto"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { KAPY_SHOPIFY_MODULE } from "../../../modules/shopify"
import type ShopifyModuleService from "../../../modules/shopify/service"
import { FriendRewardChannel, friendRewardChannel, friendRewardTerms, REFERRAL_CODE_ALPHABET } from "../../../rules/referrals"
import type { EarnPointsInput } from "../../../types/loyalty"

export const prepareFriendRewardStepId = "kapy-prepare-friend-reward"

/** A single-use Shopify discount code for the friend's Shopify customer. */
export type ShopifyFriendCodePlan = {
  shopify_customer_id: string
  code: string
  /** A Decimal string, in the shop's currency. */
  amount: string
  currency_code: string
  min_order: string | null
}

export type FriendRewardPlan = {
  referral_id: string
  promotion: CreatePromotionDTO | null
  points: EarnPointsInput | null
  shopify_code: ShopifyFriendCodePlan | null
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
 * campaign budget of one use) or a single-use Shopify discount code for
 * their Shopify customer (in the shop's currency). `applied_on` is where
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
        shopify_code: null,
        currency_code: "",
        amount: null,
        min_order: null,
      })
    }
    const shopify = container.hasRegistration(KAPY_SHOPIFY_MODULE) ? container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE) : null
    const [customerIds, identities] = await Promise.all([
      loyalty.listCustomerIdsOfAccounts([referral.friend_account_id]),
      shopify?.isConfigured() ? loyalty.listMemberIdentities(referral.friend_account_id) : Promise.resolve([]),
    ])
    const customerId = customerIds.get(referral.friend_account_id)
    const shopifyCustomerId = identities.find((i) => i.provider === "shopify")?.external_id
    const channel = friendRewardChannel({
      applied_on: input.applied_on ?? null,
      medusa_customer: !!customerId,
      shopify_customer: !!shopifyCustomerId,
    })
    if (channel === "shopify") {
      const terms = friendRewardTerms({ amount: reward.amount, min_order: settings.referral.min_order }, await shopify!.shopCurrency())
      return new StepResponse<FriendRewardPlan | null>({
        referral_id: referral.id,
        promotion: null,
        points: null,
        shopify_code: { shopify_customer_id: shopifyCustomerId!, code: `KAPY-${randomCode(10)}`, ...terms },
        ...terms,
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
      shopify_code: null,
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
