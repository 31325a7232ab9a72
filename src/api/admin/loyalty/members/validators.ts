import { z } from "@medusajs/framework/zod"
import { paginationParams } from "../../../utils/pagination"

export const AdminGetLoyaltyMemberEntriesParams = z.strictObject({
  ...paginationParams({ limit: 50, maxLimit: 200 }),
})
export type AdminGetLoyaltyMemberEntriesParamsType = z.infer<typeof AdminGetLoyaltyMemberEntriesParams>

/** An erasure takes no options: the whole member goes. */
export const AdminEraseLoyaltyMember = z.strictObject({})
export type AdminEraseLoyaltyMemberType = z.infer<typeof AdminEraseLoyaltyMember>

// a member's adjustment and tier override take the same bodies as a customer's
export { AdminCreateLoyaltyAdjustment } from "../validators"
export { AdminSetLoyaltyTierOverride } from "../tiers/validators"
