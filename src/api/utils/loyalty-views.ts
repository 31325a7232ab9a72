import type { ProgramSettings } from "../../modules/loyalty/program-settings"
import type {
  LoyaltyAccountDTO,
  LoyaltyTierDTO,
  TierStanding,
} from "../../types/loyalty"

/**
 * What shoppers and admins are shown of the program and of accounts. One
 * place, so the Medusa store routes, the admin and the Shopify app proxy
 * describe the program in the same words.
 */

export type WayToEarn =
  | { action: "purchase"; rates: Record<string, string>; pending_days: number }
  | { action: "review"; points: number }
  | { action: "social_follow"; platform: string; points: number }
  | { action: "signup"; points: number }
  | { action: "birthday"; points: number }
  | { action: "referral"; points: number }

export function waysToEarn(settings: ProgramSettings): WayToEarn[] {
  const { earning, referral } = settings
  const ways: WayToEarn[] = [
    { action: "purchase", rates: earning.rates, pending_days: earning.pending_days },
    { action: "review", points: earning.review_points },
    ...Object.entries(earning.social_points).map(([platform, points]) => ({
      action: "social_follow" as const,
      platform,
      points,
    })),
    { action: "signup", points: earning.signup_points },
    { action: "birthday", points: earning.birthday_points },
    ...(referral.enabled
      ? [{ action: "referral" as const, points: referral.referrer_points }]
      : []),
  ]
  return ways.filter((way) => !("points" in way) || way.points > 0)
}

export function tierView(tier: LoyaltyTierDTO) {
  return {
    id: tier.id,
    name: tier.name,
    rank: tier.rank,
    threshold: Number(tier.threshold),
    multiplier: Number(tier.multiplier),
    discount_percent: tier.discount_percent === null ? null : Number(tier.discount_percent),
    perks: tier.perks,
    translations: tier.translations ?? {},
  }
}

export function programView(settings: ProgramSettings, tiers: LoyaltyTierDTO[]) {
  return {
    unit: settings.unit,
    ways_to_earn: waysToEarn(settings),
    redemption: settings.redemption,
    tiers: tiers.map(tierView),
    tier_rules: settings.tiers,
    referral: settings.referral.enabled
      ? {
          referrer_points: settings.referral.referrer_points,
          friend_reward: settings.referral.friend_reward,
          min_order: settings.referral.min_order,
        }
      : null,
    expiry: settings.expiry,
  }
}

export function referralLink(settings: ProgramSettings, code: string): string | null {
  if (!settings.storefront_url) {
    return null
  }
  const url = new URL(settings.storefront_url)
  url.searchParams.set("ref", code)
  return url.toString()
}

export function accountView(
  account: LoyaltyAccountDTO,
  standing: TierStanding,
  settings: ProgramSettings
) {
  return {
    id: account.id,
    customer_id: account.customer_id,
    points_balance: account.points_balance,
    points_pending: account.points_pending,
    lifetime_points: account.lifetime_points,
    lifetime_redeemed: account.lifetime_redeemed,
    tier: standing.tier ? tierView(standing.tier) : null,
    next_tier: standing.next_tier
      ? { name: standing.next_tier.name, remaining: standing.next_tier.remaining }
      : null,
    tier_progress: {
      metric: standing.metric,
      window: standing.window,
      qualifying: standing.qualifying,
    },
    referral_code: account.referral_code,
    referral_link: referralLink(settings, account.referral_code),
    birthday: account.birthday ? new Date(account.birthday).toISOString().slice(0, 10) : null,
  }
}

/** The entry fields a shopper sees: no idempotency keys, actors or metadata. */
export const STORE_ENTRY_FIELDS = [
  "id",
  "reason",
  "points",
  "available_delta",
  "pending_delta",
  "balance_after",
  "pending_after",
  "source_type",
  "source_id",
  "note",
  "currency_code",
  "created_at",
]

export const ADMIN_ENTRY_FIELDS = [
  ...STORE_ENTRY_FIELDS,
  "lifetime_delta",
  "redeemed_delta",
  "origin_entry_id",
  "idempotency_key",
  "actor_type",
  "actor_id",
  "sales_channel_id",
  "metadata",
]
