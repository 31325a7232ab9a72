import { z } from "@medusajs/framework/zod"
import { pointsField } from "../../utils/points-field"

export const StoreApplyLoyaltyPoints = z.strictObject({
  points: pointsField(),
})
export type StoreApplyLoyaltyPointsType = z.infer<typeof StoreApplyLoyaltyPoints>

/** `?points=` as the shopper typed it: a number in a query string, checked by the same rule. */
export const StoreQuoteLoyaltyPoints = z.object({
  points: z
    .preprocess((value) => (typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value), pointsField())
    .optional(),
})
export type StoreQuoteLoyaltyPointsType = z.infer<typeof StoreQuoteLoyaltyPoints>
