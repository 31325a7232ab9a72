import { z } from "@medusajs/framework/zod"
import { pointsProblem, POINTS_PROBLEM_MESSAGES } from "../../../rules/points"
import { paginationParams } from "../../utils/pagination"

export const AdminGetLoyaltyAccountsParams = z.strictObject({
  ...paginationParams({ limit: 20, maxLimit: 200 }),
  /** Customer email, name or a referral code. */
  q: z.string().trim().max(200).optional(),
})
export type AdminGetLoyaltyAccountsParamsType = z.infer<typeof AdminGetLoyaltyAccountsParams>

export const AdminGetLoyaltyAccountParams = z.strictObject({
  ...paginationParams({ limit: 50, maxLimit: 200 }),
})
export type AdminGetLoyaltyAccountParamsType = z.infer<typeof AdminGetLoyaltyAccountParams>

/** Signed whole points, checked by the same rule the ledger applies. */
const signedPoints = z.unknown().transform((value, ctx) => {
  const problem = pointsProblem(value, { allowNegative: true })
  if (problem) {
    ctx.addIssue({ code: "custom", message: POINTS_PROBLEM_MESSAGES[problem] })
    return z.NEVER
  }
  return value as number
})

export const AdminCreateLoyaltyAdjustment = z.strictObject({
  points: signedPoints,
  /** Why the balance changes; shown to the member in their history. */
  reason: z.string().trim().min(1).max(500),
  /** Retrying with the same key never adjusts twice. Also read from the Idempotency-Key header. */
  idempotency_key: z.string().trim().min(1).max(200).optional(),
})
export type AdminCreateLoyaltyAdjustmentType = z.infer<typeof AdminCreateLoyaltyAdjustment>

/** A partial settings document; the module validates the merged result as a whole. */
export const AdminUpdateLoyaltyProgram = z.record(z.string(), z.unknown())
export type AdminUpdateLoyaltyProgramType = z.infer<typeof AdminUpdateLoyaltyProgram>
