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
  /** one of the pair of entries that moves a merged account's points into the account that stays */
  "merge",
  /** a member who leaves the program gives up what they hold */
  "forfeit",
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

/** Where a member is known: a Medusa customer, a Shopify customer. */
export const IDENTITY_PROVIDERS = ["medusa", "shopify"] as const
export type IdentityProvider = (typeof IDENTITY_PROVIDERS)[number]

/** `merged`: its points moved into `merged_into_id`; `closed`: the member left the program. */
export const ACCOUNT_STATUSES = ["active", "merged", "closed"] as const
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number]

/**
 * Whose points an operation moves: a loyalty account, or a Medusa customer
 * (their account, created on first need). Exactly one of the two.
 */
export type MemberRef = { account_id: string; customer_id?: never } | { customer_id: string; account_id?: never }

/**
 * A member as one read resolved them (`retrieveMemberContext`): the
 * account that stands for them after merges (null: none yet), the accounts
 * whose records are theirs (that account and those merged into it; empty
 * without an account), and the program generation the same statement saw.
 * Read once per request and passed down: nothing below reads the member
 * again.
 */
export type MemberContext = {
  account: LoyaltyAccountDTO | null
  account_ids: string[]
  /** The Medusa customer the member was looked up by, when it was by customer. */
  customer_id: string | null
  /** When the held tier was reached and when it lapses (the account's own columns). */
  tier_since: Date | null
  tier_expires_at: Date | null
  /** The program generation the read saw, for `retrieveProgram({ token })` (undefined: not read; the current one is). */
  program_token: string | null | undefined
}

export type MemberIdentityInput = {
  provider: IdentityProvider
  external_id: string
  email?: string | null
  /** Only a provider that checked the person owns the email may say true. */
  email_verified?: boolean
}

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

export type EarnPointsInput = EntryContext &
  MemberRef & {
  points: number
  reason: EarnReason
  /** Points stay pending until then; omitted or past: available at once. */
  available_at?: Date | string | null
  expires_at?: Date | string | null
}

export type SpendPointsInput = EntryContext &
  MemberRef & {
  points: number
  reason?: SpendReason
}

export type AdjustPointsInput = EntryContext &
  MemberRef & {
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
  /** The Medusa customer the account belongs to, if any (a Shopify-only member has none). */
  customer_id: string | null
  status: AccountStatus
  merged_into_id: string | null
  points_balance: number
  points_pending: number
  lifetime_points: number
  lifetime_redeemed: number
  tier_id: string | null
  /** An admin's floor under the member's tier (null: none): they hold at least `tier_id` until `until` (null: until removed). */
  tier_override: LoyaltyTierOverrideDTO | null
  referral_code: string
  birthday: Date | null
  metadata: Record<string, unknown> | null
  created_at: Date
  updated_at: Date
}

export type LoyaltyTierOverrideDTO = {
  tier_id: string
  until: Date | null
  reason: string | null
  /** The admin (user id) who set it, or "kapy-import" for an imported tier. */
  by: string | null
}

export type LoyaltyEntryDTO = {
  id: string
  account_id: string
  reason: LedgerReason
  points: number
  available_delta: number
  pending_delta: number
  lifetime_delta: number
  redeemed_delta: number
  balance_after: number
  pending_after: number
  idempotency_key: string
  idempotency_scope: string
  voids_entry_id: string | null
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

/** One write of `writePointsInBulk`: what `earnPoints` or `adjustPoints` would take. */
export type BulkPointsWrite = { earn: EarnPointsInput; adjust?: never } | { adjust: AdjustPointsInput; earn?: never }

/** A bulk write's answer: what the single call would have returned, or the refusal it would have thrown. */
export type BulkPointsResult = { ok: true; result: LedgerResult } | { ok: false; type: string; message: string }

export type AccountDrift = {
  account_id: string
  field: string
  stored: number
  expected: number
}

export type ReconcileReport = {
  accounts_checked: number
  drifts: AccountDrift[]
  /** Claims (and, from the reconcile command, reviews) whose award and ledger disagree. */
  awards: { kind: "review" | "claim"; id: string; problem: string }[]
}

export type VoidEntryInput = LedgerActor & {
  /** The entry a failed workflow wrote, to cancel as if it had never been. */
  entry_id: string
  note?: string | null
}

export type MergeAccountsInput = LedgerActor & {
  /** The account that goes: its points, lots and identities move. */
  from_account_id: string
  /** The account that stays. */
  into_account_id: string
  note?: string | null
}

export type MergeAccountsResult = {
  account: LoyaltyAccountDTO
  /** The pair of entries, out of the merged account and into the one that stays. */
  entries: LoyaltyEntryDTO[]
  replayed: boolean
}

/** A cart's points payment that stands: taken at completion and not voided by a failed checkout. */
export type CartRedemption = {
  entry: LoyaltyEntryDTO
  /** Points taken, as a positive number. */
  points: number
  /** Points given back since (cancellation, refunds). */
  returned: number
}

/** What an order earned, and how much of it stands reversed. */
export type OrderEarningRecord = {
  entry: LoyaltyEntryDTO
  points: number
  reversed: number
}

export type LoyaltyTierDTO = {
  id: string
  name: string
  rank: number
  threshold: number | string
  multiplier: number | string
  discount_percent: number | string | null
  customer_group_id: string | null
  /** The Medusa price list of the tier's prices (rule `customer.groups.id`). */
  price_list_id?: string | null
  /** The automatic Medusa promotion of `discount_percent`. */
  promotion_id?: string | null
  perks: string | null
  translations: Record<string, { name?: string; perks?: string }> | null
  metadata: Record<string, unknown> | null
}

/** Why a member's tier changed (`loyalty.tier_changed`'s `reason`). */
export type TierChangeReasonDTO = "upgrade" | "downgrade" | "override" | "override_ended"

/** One change of a member's held tier, as evaluation returns it and `loyalty.tier_changed` carries it. */
export type TierChange = {
  account_id: string
  /** The account's Medusa customer; null for a member known only to Shopify. */
  customer_id: string | null
  from: string | null
  to: string | null
  reason: TierChangeReasonDTO
  /** When the member's held tier changed (their new `tier_since`), ISO 8601. */
  changed_at?: string
  /**
   * The member's first tier is the entry tier (a new member's first
   * evaluation): their group is set, but it is no news, so no
   * `loyalty.tier_changed` is emitted for it.
   */
  initial?: boolean
}

export type TierStanding = {
  metric: "spend" | "points" | "orders"
  window: "rolling_12_months" | "calendar_year" | "lifetime"
  /** The member's value of the metric over the window. */
  qualifying: number
  tier: LoyaltyTierDTO | null
  /** Since when the member holds `tier` (null before the first evaluation). */
  tier_since?: Date | null
  /** When `tier` lapses unless the member requalifies: a pending downgrade or an override's end. */
  tier_expires_at?: Date | null
  next_tier: {
    id: string
    name: string
    remaining: number
    translations?: Record<string, { name?: string; perks?: string }> | null
  } | null
}

/** The `reference` of the cart and order credit line that pays with points. */
export const LOYALTY_CREDIT_LINE_REFERENCE = "loyalty-points"
