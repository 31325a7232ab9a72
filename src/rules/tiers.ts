import { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { addMonthsUTC } from "./expiry"

export type TierRule = {
  id: string
  name: string
  /** qualifying value (spend in the program currency, points or orders) from which the tier applies */
  threshold: BigNumberInput
  /** earn multiplier, e.g. 1.25 */
  multiplier: BigNumberInput
}

export type TierProgress<T extends TierRule> = {
  tier: T | null
  next_tier: { id: string; name: string; remaining: number } | null
}

function byThreshold<T extends TierRule>(tiers: T[]): T[] {
  return [...tiers].sort((a, b) =>
    MathBN.convert(a.threshold).comparedTo(MathBN.convert(b.threshold)) ?? 0
  )
}

/**
 * The tier a member holds with `qualifying` value: the one with the highest
 * threshold not above it. Null only when no tier starts low enough.
 */
export function tierFor<T extends TierRule>(
  tiers: T[],
  qualifying: BigNumberInput
): T | null {
  let current: T | null = null
  for (const tier of byThreshold(tiers)) {
    if (MathBN.lte(tier.threshold, qualifying)) {
      current = tier
    }
  }
  return current
}

/**
 * The member's tier and what is left to reach the next one. `held` is a tier
 * the member keeps regardless of the metric (set by an admin, or kept until
 * the next evaluation); without it the tier follows `qualifying`.
 * `remaining` is in the tier metric's unit, rounded up to a whole unit, so a
 * shopper is never told they are closer than they are.
 */
export function tierProgress<T extends TierRule>(
  tiers: T[],
  qualifying: BigNumberInput,
  held?: T | null
): TierProgress<T> {
  const tier = held ?? tierFor(tiers, qualifying)
  const next = byThreshold(tiers).find((t) =>
    tier ? MathBN.gt(t.threshold, tier.threshold) : true
  )
  return {
    tier,
    next_tier: next
      ? {
          id: next.id,
          name: next.name,
          remaining: Math.max(
            0,
            Math.ceil(MathBN.sub(next.threshold, qualifying).toNumber())
          ),
        }
      : null,
  }
}

/** The earn multiplier of a tier; 1 for members without one. */
export function tierMultiplier(tier: TierRule | null | undefined) {
  return tier ? MathBN.convert(tier.multiplier) : MathBN.convert(1)
}

/**
 * What a member earns at: the multiplier of the tier held (`heldTierId`,
 * the tier stored on the account), or the entry tier's when they hold none
 * (not yet evaluated, or the tier is gone).
 */
export function earnMultiplier<T extends TierRule & { id: string }>(tiers: T[], heldTierId: string | null | undefined) {
  return tierMultiplier((heldTierId && tiers.find((t) => t.id === heldTierId)) || tierFor(tiers, 0))
}

export type TierWindow = "rolling_12_months" | "calendar_year" | "lifetime"

/**
 * Where the qualifying period starts: 12 calendar months before `now`
 * (29 February goes back to 28 February, as PostgreSQL's `- interval '1 year'`), January 1st
 * (UTC) of `now`'s year, or null for the whole membership.
 */
export function tierWindowStart(window: TierWindow, now: Date): Date | null {
  switch (window) {
    case "rolling_12_months":
      // calendar months, clamped at a month's end: a year before 29 February is 28 February
      return addMonthsUTC(now, -12)
    case "calendar_year":
      return new Date(Date.UTC(now.getUTCFullYear(), 0, 1))
    case "lifetime":
      return null
  }
}

export type TierMetric = "spend" | "points" | "orders"

export type QualifyingTotals = {
  /** money spent in the program currency over the window, net of what came back */
  spend: BigNumberInput
  /** points earned over the window, net of reversals */
  points: BigNumberInput
  /** orders over the window not fully reversed */
  orders: BigNumberInput
}

/**
 * The value a member qualifies with under the program's tier `metric`: the
 * money they spent, the points they earned or the number of their orders,
 * over the tier window.
 *
 * @example
 * qualifyingValue("points", { spend: "120.50", points: 120, orders: 3 }) // 120
 */
export function qualifyingValue(metric: TierMetric, totals: QualifyingTotals): BigNumberInput {
  switch (metric) {
    case "spend":
      return totals.spend
    case "points":
      return totals.points
    case "orders":
    default:
      return totals.orders
  }
}

// ---------------------------------------------------------------------------
// Evaluation: which tier an account holds, with a grace period for downgrades
// and an admin's override as a floor
// ---------------------------------------------------------------------------

/** The tier an account earned by its metric, as stored on the account. */
export type EarnedTierState = {
  tier_id: string | null
  tier_since: Date | null
  /** When a pending downgrade happens (the grace period's end); null when none is pending. */
  tier_expires_at: Date | null
}

/** An admin's floor: the member holds at least `tier_id` until `until` (null: until ended). */
export type TierOverride = { tier_id: string; until: Date | null }

export type TierChangeReason = "upgrade" | "downgrade" | "override" | "override_ended"

export type TierEvaluation = {
  /** The earned tier after this evaluation (what the metric gives, delayed by the grace period on the way down). */
  earned: EarnedTierState
  /** The tier the member holds: the earned one, or the override when it is active and higher. */
  tier_id: string | null
  /** When the held tier lapses unless the member qualifies again: the pending downgrade or the override's end. */
  tier_expires_at: Date | null
  /** Set when the held tier changes. */
  change: { from: string | null; to: string | null; reason: TierChangeReason } | null
}

const DAY_MS = 86_400_000

/**
 * Evaluates an account's tier at `now`.
 *
 * - An upgrade is immediate: a member who qualifies for a higher tier holds it at once.
 * - A downgrade waits `grace_days`: the first evaluation that finds the
 *   member below their tier starts the grace period (`tier_expires_at`);
 *   the member keeps the tier until it ends, and requalifying cancels it.
 *   An evaluation at or after its end moves the member down to the tier
 *   their metric gives then.
 * - An active override is a floor: the member never holds less. When it
 *   ends, the member falls to their earned tier at once (the earned tier
 *   has had its own grace period meanwhile).
 * - A member who has never held a tier gets their earned tier at once.
 *
 * Pure and idempotent: evaluating the result again at the same `now`
 * changes nothing.
 *
 * @example
 * evaluateTier(tiers, { qualifying: 120, earned: { tier_id: "silver", ... }, override: null, now, grace_days: 30 })
 * // { earned: { tier_id: "silver", tier_expires_at: now + 30 days }, tier_id: "silver", change: null }
 */
export function evaluateTier<T extends TierRule>(
  tiers: T[],
  input: {
    qualifying: BigNumberInput
    earned: EarnedTierState
    /** The tier the member held before this evaluation. */
    held_tier_id: string | null
    override: TierOverride | null
    now: Date
    grace_days: number
  }
): TierEvaluation {
  const { earned, now } = input
  const rank = rankOf(tiers)
  const target = tierFor(tiers, input.qualifying)?.id ?? null
  const current = earned.tier_id && rank.has(earned.tier_id) ? earned.tier_id : null

  let next: EarnedTierState
  if (!current || rankBelow(rank, current, target) || current === target) {
    // first tier, an upgrade, or still qualifying: held now, nothing pending
    next = {
      tier_id: target,
      tier_since: current === target ? earned.tier_since ?? now : now,
      tier_expires_at: null,
    }
  } else if (earned.tier_expires_at && earned.tier_expires_at.getTime() <= now.getTime()) {
    // the grace period is over: down to what the metric gives now
    next = { tier_id: target, tier_since: now, tier_expires_at: null }
  } else {
    // below the tier: the grace period starts (or goes on)
    next = {
      tier_id: current,
      tier_since: earned.tier_since,
      tier_expires_at: earned.tier_expires_at ?? new Date(now.getTime() + input.grace_days * DAY_MS),
    }
  }

  const override =
    input.override && rank.has(input.override.tier_id) && (!input.override.until || input.override.until.getTime() > now.getTime())
      ? input.override
      : null
  const floorWins = !!override && (!next.tier_id || rankBelow(rank, next.tier_id, override.tier_id))
  const tier_id = floorWins ? override!.tier_id : next.tier_id
  const tier_expires_at = floorWins ? override!.until : next.tier_expires_at

  const from = input.held_tier_id && rank.has(input.held_tier_id) ? input.held_tier_id : null
  let change: TierEvaluation["change"] = null
  if (from !== tier_id) {
    const up = !from || (tier_id !== null && rankBelow(rank, from, tier_id))
    const reason: TierChangeReason = floorWins
      ? "override"
      : input.override && !override && from === input.override.tier_id
        ? "override_ended"
        : up
          ? "upgrade"
          : "downgrade"
    change = { from, to: tier_id, reason }
  }
  return { earned: next, tier_id, tier_expires_at, change }
}

function rankOf<T extends TierRule>(tiers: T[]): Map<string, number> {
  return new Map(byThreshold(tiers).map((t, i) => [t.id, i]))
}

/** Whether tier `a` ranks below tier `b` (a null `b` ranks below everything). */
function rankBelow(rank: Map<string, number>, a: string, b: string | null): boolean {
  return b !== null && (rank.get(a) ?? -1) < (rank.get(b) ?? -1)
}

// ---------------------------------------------------------------------------
// Qualifying amounts and the tier set
// ---------------------------------------------------------------------------

/**
 * An order's qualifying spend in the program's tier currency: `amount` in
 * `currency_code` converted at the program's rate for it (units of the tier
 * currency per unit of that currency; the tier currency itself is 1). Null
 * when the program sets no rate for the currency: such spend cannot be
 * compared with thresholds, and is recorded as not qualifying.
 *
 * @example
 * qualifyingSpend("100", "sek", { currency_code: "eur", rates: { sek: "0.087" } }) // "8.7"
 */
export function qualifyingSpend(
  amount: BigNumberInput,
  currency_code: string,
  program: { currency_code: string; rates: Record<string, BigNumberInput> }
): string | null {
  const code = currency_code.toLowerCase()
  const rate = code === program.currency_code ? 1 : program.rates[code]
  if (rate === undefined) {
    return null
  }
  return MathBN.mult(amount, rate).toString()
}

export type TierDefinition = {
  name: string
  threshold: BigNumberInput
  multiplier: BigNumberInput
  discount_percent?: BigNumberInput | null
}

export type TierSetProblem = { field: string; message: string }

/**
 * What is wrong with a whole set of tiers, in rank order (index 0 is the
 * entry tier); empty when nothing. The set must have exactly one entry tier
 * at threshold 0, thresholds strictly increasing with rank, unique names,
 * multipliers of at least 1 (a tier is a reward: a member never earns less
 * for reaching it) and not above each higher tier's, and discounts between
 * 0 and 100 percent.
 *
 * @example
 * tierSetProblems([{ name: "Bronze", threshold: 0, multiplier: 1 }, { name: "Silver", threshold: 0, multiplier: 1.25 }])
 * // [{ field: "tiers[1].threshold", message: "..." }]
 */
export function tierSetProblems(tiers: TierDefinition[]): TierSetProblem[] {
  const problems: TierSetProblem[] = []
  if (tiers.length === 0) {
    return [{ field: "tiers", message: "a program needs at least its entry tier (threshold 0)" }]
  }
  const names = new Set<string>()
  tiers.forEach((tier, i) => {
    const at = `tiers[${i}]`
    const key = tier.name.trim().toLowerCase()
    if (!key) {
      problems.push({ field: `${at}.name`, message: "a tier needs a name" })
    } else if (names.has(key)) {
      problems.push({ field: `${at}.name`, message: `two tiers are named "${tier.name}"` })
    }
    names.add(key)
    const threshold = MathBN.convert(tier.threshold)
    if (threshold.isNaN() || MathBN.lt(threshold, 0)) {
      problems.push({ field: `${at}.threshold`, message: "threshold must be 0 or more" })
    } else if (i === 0 && !MathBN.eq(threshold, 0)) {
      problems.push({ field: `${at}.threshold`, message: "the entry tier (the lowest) must start at threshold 0" })
    } else if (i > 0 && MathBN.lte(threshold, tiers[i - 1].threshold)) {
      problems.push({
        field: `${at}.threshold`,
        message: MathBN.eq(threshold, 0)
          ? "only one tier may be the entry tier (threshold 0)"
          : `thresholds must increase with rank: ${tier.name}'s is not above ${tiers[i - 1].name}'s`,
      })
    }
    const multiplier = MathBN.convert(tier.multiplier)
    if (multiplier.isNaN() || MathBN.lt(multiplier, 1)) {
      problems.push({ field: `${at}.multiplier`, message: "multiplier must be at least 1: a tier never earns less than no tier" })
    } else if (i > 0 && MathBN.lt(multiplier, tiers[i - 1].multiplier)) {
      problems.push({ field: `${at}.multiplier`, message: `multiplier must not be below the lower tier ${tiers[i - 1].name}'s` })
    }
    if (tier.discount_percent !== undefined && tier.discount_percent !== null) {
      const d = MathBN.convert(tier.discount_percent)
      if (d.isNaN() || MathBN.lte(d, 0) || MathBN.gt(d, 100)) {
        problems.push({ field: `${at}.discount_percent`, message: "discount_percent must be above 0 and at most 100" })
      }
    }
  })
  return problems
}
