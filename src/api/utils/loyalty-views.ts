import type { ProgramSettings } from "../../modules/loyalty/program/program-settings"
import type { LoyaltyActionDTO } from "../../types/awards"
import { socialAutoApproves } from "../../rules/awards"
import { referralProgramView } from "./referral-views"
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
  | { action: "signup"; points: number }
  | { action: "birthday"; points: number }
  | { action: "referral"; points: number }
  | { action: "review"; points: number; auto_approve: boolean }
  | { action: "social_follow"; platform: string; points: number; profile_url: string | null; auto_approve: boolean }
  | {
      action: "custom"
      action_id: string
      name: Record<string, string>
      points: number
      frequency: string
      limit_count: number | null
      limit_period: string | null
      ends_at: Date | null
    }

/**
 * The ways to earn a shopper is told about: only those that work today,
 * and only those that earn something. Each platform comes with the shop's
 * profile URL (for widgets to link to); `actions` are the custom actions
 * active now.
 */
export function waysToEarn(settings: ProgramSettings, actions: LoyaltyActionDTO[] = []): WayToEarn[] {
  const { earning } = settings
  const ways: WayToEarn[] = [
    { action: "purchase", rates: earning.rates, pending_days: earning.pending_days },
    { action: "signup", points: earning.signup_points },
    { action: "birthday", points: earning.birthday_points },
    ...(settings.referral.enabled ? [{ action: "referral" as const, points: settings.referral.referrer_points }] : []),
    { action: "review", points: earning.review_points, auto_approve: earning.review_auto_approve },
    ...Object.entries(earning.social_points).map(([platform, points]) => ({
      action: "social_follow" as const,
      platform,
      points,
      profile_url: (earning.social_profiles as Record<string, string | undefined>)[platform] ?? null,
      auto_approve: socialAutoApproves(earning.social_auto_approve, platform),
    })),
    ...actions.map((a) => ({
      action: "custom" as const,
      action_id: a.id,
      name: a.name,
      points: a.points,
      frequency: a.frequency,
      limit_count: a.limit_count,
      limit_period: a.limit_period,
      ends_at: a.ends_at,
    })),
  ]
  return ways.filter((way) => !("points" in way) || way.points > 0)
}

/**
 * A tier as shoppers see it. With `language` (e.g. "fi", from the
 * request's `locale`), `name` and `perks` are in that language where the
 * tier has them, else in English.
 */
export function tierView(tier: LoyaltyTierDTO, language?: string | null) {
  const local = language ? tier.translations?.[language] : undefined
  return {
    id: tier.id,
    name: local?.name ?? tier.name,
    rank: tier.rank,
    threshold: Number(tier.threshold),
    multiplier: Number(tier.multiplier),
    discount_percent: tier.discount_percent === null || tier.discount_percent === undefined ? null : Number(tier.discount_percent),
    perks: local?.perks ?? tier.perks,
    translations: tier.translations ?? {},
  }
}

/** The shopper's language from Medusa's request locale (`?locale=fi-FI` or `x-medusa-locale`), or Accept-Language. */
export function shopperLanguage(req: { locale?: string; get?: (name: string) => string | undefined }): string | null {
  const tag = req.locale || req.get?.("accept-language")?.split(",")[0]
  return tag ? tag.trim().split(/[-_;]/)[0].toLowerCase() || null : null
}

export function programView(
  settings: ProgramSettings,
  tiers: LoyaltyTierDTO[],
  actions: LoyaltyActionDTO[] = [],
  language?: string | null
) {
  return {
    unit: settings.unit,
    ways_to_earn: waysToEarn(settings, actions),
    redemption: settings.redemption,
    tiers: tiers.map((t) => tierView(t, language)),
    tier_rules: settings.tiers,
    referral: referralProgramView(settings),
    expiry: settings.expiry,
  }
}

export function referralLink(settings: ProgramSettings, code: string): string | null {
  if (!settings.storefront_url) {
    return null
  }
  const url = new URL(settings.storefront_url)
  url.searchParams.set(settings.referral.link_param, code)
  return url.toString()
}

/**
 * An account as shoppers and admins see it; `account` null is a customer
 * with no account yet (id and referral code null, every total zero).
 */
export function accountView(
  account: LoyaltyAccountDTO | null,
  standing: TierStanding,
  settings: ProgramSettings,
  customerId: string | null = account?.customer_id ?? null,
  language?: string | null
) {
  return {
    id: account?.id ?? null,
    customer_id: customerId,
    points_balance: account?.points_balance ?? 0,
    points_pending: account?.points_pending ?? 0,
    lifetime_points: account?.lifetime_points ?? 0,
    lifetime_redeemed: account?.lifetime_redeemed ?? 0,
    tier: standing.tier ? tierView(standing.tier, language) : null,
    /** When the tier lapses unless the member requalifies (a pending downgrade, an override's end); null: it does not. */
    tier_since: standing.tier_since ?? null,
    tier_expires_at: standing.tier_expires_at ?? null,
    /** The next tier up and what is still needed to reach it, in the tier metric's unit (null at the top). */
    next_tier: standing.next_tier
      ? {
          id: standing.next_tier.id,
          name: nextTierName(standing, language),
          remaining: standing.next_tier.remaining,
        }
      : null,
    tier_progress: {
      metric: standing.metric,
      window: standing.window,
      qualifying: standing.qualifying,
    },
    referral_code: account?.referral_code ?? null,
    referral_link: account ? referralLink(settings, account.referral_code) : null,
    birthday: account?.birthday ? new Date(account.birthday).toISOString().slice(0, 10) : null,
  }
}

function nextTierName(standing: TierStanding, language?: string | null) {
  return (language && standing.next_tier?.translations?.[language]?.name) || standing.next_tier?.name || ""
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
