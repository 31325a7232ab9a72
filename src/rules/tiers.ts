import { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"

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

export type TierWindow = "rolling_12_months" | "calendar_year" | "lifetime"

/**
 * Where the qualifying period starts: 12 months before `now`, January 1st
 * (UTC) of `now`'s year, or null for the whole membership.
 */
export function tierWindowStart(window: TierWindow, now: Date): Date | null {
  switch (window) {
    case "rolling_12_months": {
      const start = new Date(now)
      start.setUTCFullYear(start.getUTCFullYear() - 1)
      return start
    }
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
