/**
 * Types for code that uses Kapy's loyalty module: workflows, routes, the
 * Shopify adapter and third-party integrations.
 */

export const LEDGER_REASONS = [
  "order",
  "review",
  "social",
  "signup",
  "birthday",
  "referral",
  "custom",
  "adjustment",
  "redemption",
  "reversal",
  "release",
  "expiry",
  "import",
] as const
export type LedgerReason = (typeof LEDGER_REASONS)[number]

/** Reasons that credit new points (each becomes a lot). */
export const EARN_REASONS = [
  "order",
  "review",
  "social",
  "signup",
  "birthday",
  "referral",
  "custom",
  "import",
] as const satisfies readonly LedgerReason[]
export type EarnReason = (typeof EARN_REASONS)[number]

/** Reasons that take available points away on the member's or shop's behalf. */
export const SPEND_REASONS = ["redemption", "expiry"] as const satisfies readonly LedgerReason[]
export type SpendReason = (typeof SPEND_REASONS)[number]

export const LEDGER_ACTOR_TYPES = ["customer", "user", "system"] as const
export type LedgerActorType = (typeof LEDGER_ACTOR_TYPES)[number]

export type LedgerActor = {
  actor_type: LedgerActorType
  /** customer id, admin user id, or the job/subscriber name for "system" */
  actor_id?: string | null
}

type EntryContext = LedgerActor & {
  /** Unique per intended change: the same key never records twice. */
  idempotency_key: string
  source_type?: string | null
  source_id?: string | null
  note?: string | null
  sales_channel_id?: string | null
  currency_code?: string | null
  metadata?: Record<string, unknown> | null
}

export type EarnPointsInput = EntryContext & {
  customer_id: string
  points: number
  reason: EarnReason
  /** Points stay pending until then; omitted or past: available at once. */
  available_at?: Date | string | null
  expires_at?: Date | string | null
}

export type SpendPointsInput = EntryContext & {
  customer_id: string
  points: number
  reason?: SpendReason
}

export type AdjustPointsInput = EntryContext & {
  customer_id: string
  /** Signed: positive credits, negative debits (never below zero). */
  points: number
}

export type ReversePointsInput = EntryContext & {
  /** The entry to reverse: an earn, a spend or an adjustment. */
  entry_id: string
  /** How many of its points to reverse; default all not yet reversed. */
  points?: number
}

export type ReleasePendingInput = {
  /** Release lots due at this time; default now. */
  now?: Date
  /** Most lots to release in one call. */
  limit?: number
}

export type LoyaltyAccountDTO = {
  id: string
  customer_id: string
  points_balance: number
  points_pending: number
  lifetime_points: number
  lifetime_redeemed: number
  tier_id: string | null
  referral_code: string
  birthday: Date | null
  metadata: Record<string, unknown> | null
  created_at: Date
  updated_at: Date
}

export type LoyaltyEntryDTO = {
  id: string
  account_id: string
  customer_id: string
  reason: LedgerReason
  points: number
  available_delta: number
  pending_delta: number
  lifetime_delta: number
  redeemed_delta: number
  balance_after: number
  pending_after: number
  idempotency_key: string
  source_type: string | null
  source_id: string | null
  origin_entry_id: string | null
  actor_type: LedgerActorType
  actor_id: string | null
  note: string | null
  sales_channel_id: string | null
  currency_code: string | null
  metadata: Record<string, unknown> | null
  created_at: Date
}

export type LedgerResult = {
  entry: LoyaltyEntryDTO
  account: LoyaltyAccountDTO
  /** True when the idempotency key had already been recorded: nothing changed. */
  replayed: boolean
}

export type AccountDrift = {
  account_id: string
  customer_id: string
  field: string
  stored: number
  expected: number
}

export type ReconcileReport = {
  accounts_checked: number
  drifts: AccountDrift[]
}

export type LoyaltyTierDTO = {
  id: string
  name: string
  rank: number
  threshold: number | string
  multiplier: number | string
  discount_percent: number | string | null
  customer_group_id: string | null
  perks: string | null
  translations: Record<string, { name?: string; perks?: string }> | null
  metadata: Record<string, unknown> | null
}

export type TierStanding = {
  metric: "spend" | "points" | "orders"
  window: "rolling_12_months" | "calendar_year" | "lifetime"
  /** The member's value of the metric over the window. */
  qualifying: number
  tier: LoyaltyTierDTO | null
  next_tier: { id: string; name: string; remaining: number } | null
}

/** The `reference` of the cart and order credit line that pays with points. */
export const LOYALTY_CREDIT_LINE_REFERENCE = "loyalty-points"
