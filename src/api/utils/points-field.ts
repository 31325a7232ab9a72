import { z } from "@medusajs/framework/zod"
import { pointsProblem, POINTS_PROBLEM_MESSAGES } from "../../rules/points"

/**
 * A points amount in a request body, checked by the same rule the ledger
 * applies (whole, non-zero, within the per-entry limit; positive unless
 * `allowNegative`), with its message.
 */
export function pointsField({ allowNegative = false }: { allowNegative?: boolean } = {}) {
  return z.unknown().transform((value, ctx) => {
    const problem = pointsProblem(value, { allowNegative })
    if (problem) {
      ctx.addIssue({ code: "custom", message: POINTS_PROBLEM_MESSAGES[problem] })
      return z.NEVER
    }
    return value as number
  })
}
