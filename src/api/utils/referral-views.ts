import { conflictError } from "../../modules/loyalty/errors"
import type { ProgramSettings } from "../../modules/loyalty/program/program-settings"
import { friendFacingStatus } from "../../rules/referrals"
import type { LoyaltyReferralDTO } from "../../types/referrals"

/** What a referral's friend is told of it: never why it was rejected. */
export function friendReferralView(referral: LoyaltyReferralDTO) {
  const reward = referral.friend_reward
  return {
    code: referral.code,
    status: friendFacingStatus(referral.status),
    // a Shopify welcome code is shown as the store's promotion code is: a code, its amount and minimum
    reward:
      reward?.type === "promotion" || reward?.type === "shopify_code"
        ? { type: "promotion" as const, code: reward.code, amount: Number(reward.amount), currency_code: reward.currency_code, min_order: reward.min_order === null ? null : Number(reward.min_order) }
        : reward?.type === "points"
          ? { type: "points" as const, points: reward.points }
          : null,
    created_at: referral.created_at,
  }
}

/** What a referrer is told of their referrals: counts and cones, no friends' names. */
export function referrerSummary(referrals: LoyaltyReferralDTO[]) {
  const standing = referrals.filter((r) => r.status !== "rejected")
  return {
    count: standing.length,
    pending: standing.filter((r) => r.status === "pending").length,
    completed: standing.filter((r) => r.status === "completed").length,
    points_earned: standing.reduce((sum, r) => sum + (r.status === "completed" ? r.referrer_points ?? 0 : 0), 0),
  }
}

/** What a friend gets, as the program says. */
export function friendRewardOffer(settings: ProgramSettings) {
  const reward = settings.referral.friend_reward
  if (reward.type === "points") {
    return { type: "points" as const, points: reward.points }
  }
  const [currency, minimum] = Object.entries(settings.referral.min_order)[0] ?? ["eur", null]
  return {
    type: "promotion" as const,
    amount: Number(reward.amount),
    currency_code: currency,
    min_order: minimum === null ? null : Number(minimum),
  }
}

/** The referral program as shoppers see it; null when it is off. */
export function referralProgramView(settings: ProgramSettings) {
  const { referral } = settings
  if (!referral.enabled) {
    return null
  }
  return {
    referrer_points: referral.referrer_points,
    friend_reward: friendRewardOffer(settings),
    min_order: referral.min_order,
    link_param: referral.link_param,
  }
}

/** Admin list fields of a referral. */
export const ADMIN_REFERRAL_FIELDS = [
  "id",
  "referrer_account_id",
  "friend_account_id",
  "code",
  "status",
  "reason",
  "overruled_reason",
  "approval_note",
  "approved_by",
  "approved_at",
  "friend_reward",
  "order_id",
  "qualifies_at",
  "completed_at",
  "referrer_points",
  "referrer_entry_id",
  "created_at",
  "updated_at",
]

/**
 * The answer to a friend applying a referral code, in the Medusa store and
 * the Shopify app proxy alike: a standing referral with its welcome, a
 * rejected one with a neutral message (never the reason), and a 409 for a
 * friend who has ordered before.
 */
export function appliedReferralAnswer(referral: LoyaltyReferralDTO) {
  if (referral.status === "rejected" && referral.reason === "friend_has_orders") {
    throw conflictError("A referral code can only be applied before your first order")
  }
  const view = friendReferralView(referral)
  return {
    referral: view,
    message:
      view.status === "not_eligible"
        ? "Thanks! This code cannot give a welcome reward to this account."
        : "Welcome! Your friend's code is applied.",
  }
}
