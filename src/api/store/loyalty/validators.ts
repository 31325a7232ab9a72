import { z } from "@medusajs/framework/zod"
import { SOCIAL_PLATFORMS } from "../../../modules/loyalty/program/program-settings"
import { paginationParams } from "../../utils/pagination"

export const StoreGetLoyaltyTransactionsParams = z.strictObject({
  ...paginationParams({ limit: 20, maxLimit: 100 }),
})
export type StoreGetLoyaltyTransactionsParamsType = z.infer<
  typeof StoreGetLoyaltyTransactionsParams
>

/** `birthday` is a calendar date, YYYY-MM-DD; a member sets it once. */
export const StoreUpdateLoyaltyAccount = z.strictObject({
  birthday: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "birthday must be written YYYY-MM-DD" }),
})
export type StoreUpdateLoyaltyAccountType = z.infer<typeof StoreUpdateLoyaltyAccount>

export const StoreGetLoyaltyPreviewParams = z.strictObject({
  variant_id: z.string().min(1),
  quantity: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
    z.number().int().min(1).max(10_000)
  ).optional().default(1),
  region_id: z.string().min(1),
})
export type StoreGetLoyaltyPreviewParamsType = z.infer<typeof StoreGetLoyaltyPreviewParams>

/** A friend's referral code, typed in any case. */
export const StoreApplyReferral = z.strictObject({
  code: z.string().trim().min(1).max(40),
})
export type StoreApplyReferralType = z.infer<typeof StoreApplyReferral>

/** A claim to cones: a follow of one of the shop's platforms, or a custom action the shop defined. */
export const StoreCreateLoyaltyClaim = z.discriminatedUnion("action", [
  z.strictObject({
    action: z.literal("social_follow"),
    platform: z.enum(SOCIAL_PLATFORMS),
    /** The shopper's handle on the platform, for the admin to check. */
    handle: z.string().trim().max(100, "handle must be at most 100 characters").optional(),
  }),
  z.strictObject({
    action: z.literal("custom"),
    action_id: z.string().trim().min(1).max(100),
    /** What shows the shopper did it (a link, a receipt number). */
    evidence: z.string().trim().max(1000, "evidence must be at most 1000 characters").optional(),
  }),
])
export type StoreCreateLoyaltyClaimType = z.infer<typeof StoreCreateLoyaltyClaim>

export const StoreGetLoyaltyClaimsParams = z.strictObject({
  ...paginationParams({ limit: 20, maxLimit: 100 }),
})
export type StoreGetLoyaltyClaimsParamsType = z.infer<typeof StoreGetLoyaltyClaimsParams>
