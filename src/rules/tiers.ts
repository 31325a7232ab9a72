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
    MathBN.convert(a.threshold).comparedTo(MathBN.convert(b.threshold))
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
 * The member's tier and what is left to reach the next one. `remaining` is
 * in the tier metric's unit and rounded up to a whole unit, so a shopper is
 * never told they are closer than they are.
 */
export function tierProgress<T extends TierRule>(
  tiers: T[],
  qualifying: BigNumberInput
): TierProgress<T> {
  const tier = tierFor(tiers, qualifying)
  const next = byThreshold(tiers).find((t) => MathBN.gt(t.threshold, qualifying))
  return {
    tier,
    next_tier: next
      ? {
          id: next.id,
          name: next.name,
          remaining: MathBN.sub(next.threshold, qualifying)
            .integerValue(MathBN.convert(0).constructor.ROUND_CEIL as any)
            .toNumber(),
        }
      : null,
  }
}

/** The earn multiplier of a tier; 1 for members without one. */
export function tierMultiplier(tier: TierRule | null | undefined) {
  return tier ? MathBN.convert(tier.multiplier) : MathBN.convert(1)
}
