import { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"

/**
 * Paying with points. The rule book:
 *
 * 1. Points are worth `1 / rate` of the currency each (rate 100: 1 500
 *    points = 15.00 EUR). The value is exact when it falls on the currency's
 *    minor unit; otherwise it is rounded down to it, so points never pay a
 *    fraction of a cent more than they are worth.
 * 2. A redemption is at least `min_points`, a multiple of `step_points`, no
 *    more than the member's available balance, and worth no more than
 *    `max_cart_share_percent` of what the cart costs before it.
 * 3. The most a cart accepts is that share converted back to points,
 *    rounded down to whole points and then down to the step.
 * 4. Value bought with points that lapsed unused (a Shopify store credit
 *    past its expiry) gives back its share of the points: `points ×
 *    unused ÷ value`, rounded down, never more than were spent; all of
 *    them when none of it was used.
 */

export type RedemptionRules = {
  /** points per one unit of the currency; undefined: the currency cannot be paid with points */
  rate: BigNumberInput | undefined
  min_points: number
  step_points: number
  max_cart_share_percent: number
  /** decimal digits of the currency (2 for EUR) */
  currency_decimals?: number
}

export type RedemptionProblem =
  | { code: "currency_not_redeemable" }
  | { code: "below_minimum"; min_points: number }
  | { code: "not_a_step"; step_points: number }
  | { code: "more_than_balance"; available: number }
  | { code: "more_than_cart"; max_points: number }

/** What `points` are worth (rule 1). */
export function pointsValue(points: number, rules: Pick<RedemptionRules, "rate" | "currency_decimals">) {
  if (rules.rate === undefined || MathBN.lte(rules.rate, 0)) {
    return MathBN.convert(0)
  }
  const decimals = rules.currency_decimals ?? 2
  const exact = MathBN.div(points, rules.rate)
  const unit = MathBN.div(1, 10 ** decimals)
  // round down to the minor unit
  return MathBN.sub(exact, MathBN.mod(exact, unit))
}

/** The most points a cart costing `payable` accepts (rule 3). */
export function maxPointsForCart(payable: BigNumberInput, rules: RedemptionRules): number {
  if (rules.rate === undefined || MathBN.lte(payable, 0)) {
    return 0
  }
  const share = MathBN.div(MathBN.mult(payable, rules.max_cart_share_percent), 100)
  const points = MathBN.mult(share, rules.rate)
  const whole = MathBN.sub(points, MathBN.mod(points, 1)).toNumber()
  return whole - (whole % rules.step_points)
}

/**
 * What is wrong with redeeming `points` on a cart costing `payable` (before
 * any points) for a member with `available` points, or null.
 */
export function redemptionProblem(
  points: number,
  { available, payable, rules }: { available: number; payable: BigNumberInput; rules: RedemptionRules }
): RedemptionProblem | null {
  if (rules.rate === undefined) {
    return { code: "currency_not_redeemable" }
  }
  if (points < rules.min_points) {
    return { code: "below_minimum", min_points: rules.min_points }
  }
  if (points % rules.step_points !== 0) {
    return { code: "not_a_step", step_points: rules.step_points }
  }
  if (points > available) {
    return { code: "more_than_balance", available: Math.max(0, available) }
  }
  const max = maxPointsForCart(payable, rules)
  if (points > max) {
    return { code: "more_than_cart", max_points: max }
  }
  return null
}

export function redemptionProblemMessage(problem: RedemptionProblem): string {
  switch (problem.code) {
    case "currency_not_redeemable":
      return "This cart's currency cannot be paid with points"
    case "below_minimum":
      return `At least ${problem.min_points} points can be used`
    case "not_a_step":
      return `Points are used in steps of ${problem.step_points}`
    case "more_than_balance":
      return `Not enough points: ${problem.available} available`
    case "more_than_cart":
      return `This cart accepts at most ${problem.max_points} points`
  }
}

/**
 * The points a changed cart still accepts of an earlier redemption: the same
 * when they fit, fewer when the cart got cheaper, none when what fits falls
 * below the minimum.
 */
export function fitRedemption(points: number, payable: BigNumberInput, rules: RedemptionRules): number {
  const fitted = Math.min(points, maxPointsForCart(payable, rules))
  return fitted >= rules.min_points ? fitted : 0
}

export type RedemptionQuote = {
  /** the points asked about, or null when only the limits were asked for */
  points: number | null
  /** the member's points they may spend */
  available: number
  /** the most this member may use on this cart: the cart's limit, their balance, on the step */
  max_points: number
  min_points: number
  step_points: number
  /** what `points` are worth (0 when none were asked about or they cannot be used) */
  value: BigNumberInput
  /** what the cart costs before any points */
  total_before: BigNumberInput
  /** what it would cost with `points` applied */
  total_after: BigNumberInput
  problem: RedemptionProblem | null
}

/**
 * What redeeming `points` on a cart costing `payable` (before any points)
 * would do, for a storefront to show before the shopper applies them: the
 * same limits and value the redemption itself uses (rules 1–3), and the
 * problem it would meet. With `points` null, only the limits.
 */
export function quoteRedemption(
  points: number | null,
  { available, payable, rules }: { available: number; payable: BigNumberInput; rules: RedemptionRules }
): RedemptionQuote {
  const balance = Math.max(0, available)
  const ownMax = balance - (balance % rules.step_points)
  const max = Math.min(maxPointsForCart(payable, rules), ownMax)
  const problem = points === null ? null : redemptionProblem(points, { available, payable, rules })
  const value = points === null || problem ? MathBN.convert(0) : pointsValue(points, rules)
  return {
    points,
    available: balance,
    max_points: max >= rules.min_points ? max : 0,
    min_points: rules.min_points,
    step_points: rules.step_points,
    value,
    total_before: MathBN.convert(payable),
    total_after: MathBN.sub(payable, value),
    problem,
  }
}

/**
 * The points that come back when `unused` of the `value` bought with
 * `points` lapsed (rule 4).
 *
 * @example
 * unusedValuePoints({ points: 500, value: "5", unused: "5" }) // 500
 * unusedValuePoints({ points: 500, value: "5", unused: "1.99" }) // 199
 * unusedValuePoints({ points: 100, value: "33.33", unused: "10" }) // 30 (30.003 rounded down)
 */
export function unusedValuePoints({ points, value, unused }: { points: number; value: BigNumberInput; unused: BigNumberInput }): number {
  if (points <= 0 || MathBN.lte(value, 0) || MathBN.lte(unused, 0)) {
    return 0
  }
  if (MathBN.gte(unused, value)) {
    return points
  }
  const share = MathBN.div(MathBN.mult(points, unused), value)
  return Math.min(points, MathBN.sub(share, MathBN.mod(share, 1)).toNumber())
}

/** The ledger key of the cones a Shopify store credit is bought with: one per shop and redeem request. */
export function shopifyStoreCreditKey(shopDomain: string, requestKey: string) {
  return `shopify-credit:${shopDomain}:${requestKey}`
}

/** The ledger key of the cones a lapsed Shopify store credit gives back: once per credit. */
export function shopifyStoreCreditExpiredKey(creditId: string) {
  return `shopify-credit-expired:${creditId}`
}
