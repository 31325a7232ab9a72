import { z } from "@medusajs/framework/zod"
import { pointsProblem, POINTS_PROBLEM_MESSAGES } from "../../../rules/points"

/** Whole positive points, checked by the same rule the ledger applies. */
export const StoreApplyLoyaltyPoints = z.strictObject({
  points: z.unknown().transform((value, ctx) => {
    const problem = pointsProblem(value)
    if (problem) {
      ctx.addIssue({ code: "custom", message: POINTS_PROBLEM_MESSAGES[problem] })
      return z.NEVER
    }
    return value as number
  }),
})
export type StoreApplyLoyaltyPointsType = z.infer<typeof StoreApplyLoyaltyPoints>
