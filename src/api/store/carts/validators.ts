import { z } from "@medusajs/framework/zod"
import { pointsField } from "../../utils/points-field"

export const StoreApplyLoyaltyPoints = z.strictObject({
  points: pointsField(),
})
export type StoreApplyLoyaltyPointsType = z.infer<typeof StoreApplyLoyaltyPoints>
