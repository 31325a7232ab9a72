import type { CreatePromotionDTO } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { randomInt } from "crypto"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { REFERRAL_CODE_ALPHABET } from "../../../rules/referrals"
import type { EarnPointsInput } from "../../../types/loyalty"

export const prepareFriendRewardStepId = "kapy-prepare-friend-reward"

export type FriendRewardPlan = {
  referral_id: string
  promotion: CreatePromotionDTO | null
  points: EarnPointsInput | null
  /** The promotion's currency and minimum, noted on the referral with its code. */
  currency_code: string
  amount: string | null
  min_order: string | null
}

/**
 * Works out the friend's reward by the program: a single-use promotion
 * code for that customer (Medusa enforces it: the rule `customer.id`, the
 * rule `original_item_total >= min_order`, a campaign budget of one use),
 * or cones. Null when the referral does not stand, already has its
 * reward, or the friend has no Medusa customer. Reads only.
 *
 * @example
 * const plan = prepareFriendRewardStep({ referral_id: "kref_123" })
 */
export const prepareFriendRewardStep = createStep(
  prepareFriendRewardStepId,
  async (input: { referral_id: string }, { container }) => {
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
        currency_code: "",
        amount: null,
        min_order: null,
      })
    }
    const customerId = (await loyalty.listCustomerIdsOfAccounts([referral.friend_account_id])).get(referral.friend_account_id)
    if (!customerId) {
      return new StepResponse(null)
    }
    // The reward's currency is the one the program sets a minimum order in (EUR by default).
    const [currency, minimum] = Object.entries(settings.referral.min_order)[0] ?? ["eur", null]
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
