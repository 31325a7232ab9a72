import { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"

/**
 * Points are whole numbers. One entry may move at most MAX_POINTS_PER_ENTRY
 * points: large enough for any real adjustment or import, small enough that a
 * balance can never leave PostgreSQL's integer range through a handful of
 * entries, and that a typo like 1e20 is refused instead of stored.
 */
export const MAX_POINTS_PER_ENTRY = 100_000_000

/** An exact non-negative amount of points, rounded down to a whole point. */
export function roundPointsDown(exact: BigNumberInput): number {
  if (MathBN.lte(exact, 0)) {
    return 0
  }
  return MathBN.sub(exact, MathBN.mod(exact, 1)).toNumber()
}

export type PointsProblem =
  | "not_a_number"
  | "not_an_integer"
  | "zero"
  | "negative"
  | "too_large"

/**
 * Says what is wrong with an amount of points, or null when it is a usable
 * whole, non-zero amount within the per-entry limit. `allowNegative` is for
 * signed amounts (admin adjustments); the magnitude limit applies either way.
 */
export function pointsProblem(
  value: unknown,
  { allowNegative = false }: { allowNegative?: boolean } = {}
): PointsProblem | null {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return "not_a_number"
  }
  if (!Number.isInteger(value)) {
    return "not_an_integer"
  }
  if (value === 0) {
    // -0 === 0, so "-0" is refused here too
    return "zero"
  }
  if (value < 0 && !allowNegative) {
    return "negative"
  }
  if (Math.abs(value) > MAX_POINTS_PER_ENTRY) {
    return "too_large"
  }
  return null
}

export const POINTS_PROBLEM_MESSAGES: Record<PointsProblem, string> = {
  not_a_number: "points must be a number",
  not_an_integer: "points must be a whole number",
  zero: "points must not be zero",
  negative: "points must be positive",
  too_large: `points must be at most ${MAX_POINTS_PER_ENTRY} in absolute value`,
}

export function assertValidPoints(
  value: unknown,
  options?: { allowNegative?: boolean }
): asserts value is number {
  const problem = pointsProblem(value, options)
  if (problem) {
    throw new RangeError(POINTS_PROBLEM_MESSAGES[problem])
  }
}
