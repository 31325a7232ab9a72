import { z } from "@medusajs/framework/zod"

/** A decimal as a number or a string; its range is checked with the whole tier set (400 naming the field). */
const decimal = (field: string) =>
  z
    .union([z.number(), z.string().trim()])
    .transform((v) => String(v))
    .refine((v) => /^-?\d+(\.\d+)?$/.test(v), { message: `${field} must be a decimal number` })

/** A text per language: `"Gold"` (English) or `{ en: "Gold", fi: "Kulta" }`; `en` is required. */
const localized = (max: number) =>
  z.union([
    z.string().trim().min(1).max(max).transform((en) => ({ en })),
    z.strictObject({ en: z.string().trim().min(1).max(max), fi: z.string().trim().min(1).max(max).optional() }),
  ])

const tierFields = {
  name: localized(100),
  /** In the program's tier metric: spend in the tier currency, points or orders. The entry tier's is 0. */
  threshold: decimal("threshold"),
  /** Earn multiplier, at least 1. */
  multiplier: decimal("multiplier"),
  /** A tier-wide percentage off the order (an automatic Medusa promotion); null removes it. */
  discount_percent: decimal("discount_percent").nullable().optional(),
  perks: localized(2000).nullable().optional(),
}

export const AdminCreateLoyaltyTier = z.strictObject(tierFields)
export type AdminCreateLoyaltyTierType = z.infer<typeof AdminCreateLoyaltyTier>

export const AdminUpdateLoyaltyTier = z.strictObject(tierFields).partial()
export type AdminUpdateLoyaltyTierType = z.infer<typeof AdminUpdateLoyaltyTier>

/** POST /admin/loyalty/accounts/:customer_id/tier */
export const AdminSetLoyaltyTierOverride = z.strictObject({
  tier_id: z.string().trim().min(1).max(100),
  /** Why; kept on the account with the admin's id. */
  reason: z.string().trim().min(1).max(500),
  /** The override ends then (the member falls to their earned tier); absent: until removed. */
  until: z.coerce.date().nullable().optional(),
})
export type AdminSetLoyaltyTierOverrideType = z.infer<typeof AdminSetLoyaltyTierOverride>

/** POST /admin/loyalty/early-access */
export const AdminSetEarlyAccess = z.strictObject({
  product_id: z.string().trim().min(1).max(100),
  tier_ids: z.array(z.string().trim().min(1).max(100)).min(1, "tier_ids needs at least one tier").max(50),
  until: z.coerce.date(),
})
export type AdminSetEarlyAccessType = z.infer<typeof AdminSetEarlyAccess>
