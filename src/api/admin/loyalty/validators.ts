import { z } from "@medusajs/framework/zod"
import { paginationParams } from "../../utils/pagination"
import { pointsField } from "../../utils/points-field"

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


export const AdminCreateLoyaltyAdjustment = z.strictObject({
  points: pointsField({ allowNegative: true }),
  /** Why the balance changes; shown to the member in their history. */
  reason: z.string().trim().min(1).max(500),
  /** Retrying with the same key never adjusts twice. Also read from the Idempotency-Key header. */
  idempotency_key: z.string().trim().min(1).max(200).optional(),
})
export type AdminCreateLoyaltyAdjustmentType = z.infer<typeof AdminCreateLoyaltyAdjustment>

/** A partial settings document; the module validates the merged result as a whole. */
export const AdminUpdateLoyaltyProgram = z.record(z.string(), z.unknown())
export type AdminUpdateLoyaltyProgramType = z.infer<typeof AdminUpdateLoyaltyProgram>

const campaignFields = {
  name: z.string().trim().min(1).max(200),
  /** e.g. "2" for double points; at most 100 */
  multiplier: z
    .union([z.number(), z.string()])
    .transform((v) => String(v))
    .refine((v) => /^\d+(\.\d+)?$/.test(v) && Number(v) > 0 && Number(v) <= 100, {
      message: "multiplier must be a positive decimal of at most 100",
    }),
  scope: z.enum(["catalog", "collection", "category", "product"]),
  target_ids: z.array(z.string().min(1)).max(1000).default([]),
  starts_at: z.coerce.date(),
  ends_at: z.coerce.date().nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
}

const campaignRules = <T extends { scope?: string; target_ids?: string[]; starts_at?: Date; ends_at?: Date | null }>(
  value: T,
  ctx: z.RefinementCtx
) => {
  if (value.scope && value.scope !== "catalog" && !value.target_ids?.length) {
    ctx.addIssue({ code: "custom", path: ["target_ids"], message: `a ${value.scope} campaign needs target_ids` })
  }
  if (value.starts_at && value.ends_at && value.ends_at <= value.starts_at) {
    ctx.addIssue({ code: "custom", path: ["ends_at"], message: "ends_at must be after starts_at" })
  }
}

export const AdminCreateLoyaltyCampaign = z.strictObject(campaignFields).superRefine(campaignRules)
export type AdminCreateLoyaltyCampaignType = z.infer<typeof AdminCreateLoyaltyCampaign>

export const AdminUpdateLoyaltyCampaign = z
  .strictObject({ ...campaignFields, target_ids: campaignFields.target_ids.optional() })
  .partial()
  .superRefine(campaignRules)
export type AdminUpdateLoyaltyCampaignType = z.infer<typeof AdminUpdateLoyaltyCampaign>

export const AdminUpdateLoyaltyAccount = z.strictObject({
  birthday: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: "birthday must be written YYYY-MM-DD" }),
})
export type AdminUpdateLoyaltyAccountType = z.infer<typeof AdminUpdateLoyaltyAccount>

export const AdminReturnOrderPoints = z.strictObject({
  points: pointsField(),
  note: z.string().trim().max(500).optional(),
  idempotency_key: z.string().trim().min(1).max(200).optional(),
})
export type AdminReturnOrderPointsType = z.infer<typeof AdminReturnOrderPoints>

export const AdminGetLoyaltyReferralsParams = z.strictObject({
  ...paginationParams({ limit: 20, maxLimit: 200 }),
  status: z.enum(["pending", "completed", "rejected", "void"]).optional(),
  /** A rejection or void reason, e.g. `same_email`. */
  reason: z.string().trim().max(100).optional(),
  /** The referrer: their account id or their referral code. */
  referrer: z.string().trim().max(100).optional(),
  /** A referrer's or friend's email or name, or a referral code. */
  q: z.string().trim().max(200).optional(),
})
export type AdminGetLoyaltyReferralsParamsType = z.infer<typeof AdminGetLoyaltyReferralsParams>

export const AdminGetLoyaltyReferralStatsParams = z.strictObject({
  top: z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v), z.number().int().min(1).max(100))
    .optional()
    .default(10),
})
export type AdminGetLoyaltyReferralStatsParamsType = z.infer<typeof AdminGetLoyaltyReferralStatsParams>

/** Why the admin overrules the rejection; kept on the referral. */
export const AdminApproveLoyaltyReferral = z.strictObject({
  note: z.string().trim().min(1).max(500),
})
export type AdminApproveLoyaltyReferralType = z.infer<typeof AdminApproveLoyaltyReferral>

export const AdminGetLoyaltyClaimsParams = z.strictObject({
  ...paginationParams({ limit: 20, maxLimit: 200 }),
  status: z.enum(["pending", "approved", "rejected"]).optional(),
  type: z.enum(["social_follow", "custom"]).optional(),
  /** A handle or evidence text, or a customer's email or name. */
  q: z.string().trim().max(200).optional(),
})
export type AdminGetLoyaltyClaimsParamsType = z.infer<typeof AdminGetLoyaltyClaimsParams>

export const AdminRejectLoyaltyClaim = z.strictObject({
  reason: z.string().trim().min(1, "reason is required").max(500, "reason must be at most 500 characters"),
})
export type AdminRejectLoyaltyClaimType = z.infer<typeof AdminRejectLoyaltyClaim>

/** Many claims decided in one request; each is decided once. */
export const AdminDecideLoyaltyClaims = z
  .strictObject({
    action: z.enum(["approve", "reject"]),
    ids: z.array(z.string().trim().min(1).max(100)).min(1, "ids needs at least one claim id").max(500, "ids may hold at most 500 claim ids"),
    reason: z.string().trim().min(1).max(500).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.action === "reject" && !v.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "reason is required to reject" })
    }
  })
export type AdminDecideLoyaltyClaimsType = z.infer<typeof AdminDecideLoyaltyClaims>

const actionFields = {
  /** Names per language; `en` is required. */
  name: z
    .record(z.string().min(2).max(5), z.string().trim().min(1).max(200))
    .refine((v) => !!v.en, { message: "name needs an English name (en)" }),
  points: z.number().int().min(0).max(1_000_000),
  frequency: z.enum(["once", "repeatable"]).default("once"),
  limit_count: z.number().int().min(1).max(1000).nullable().optional(),
  limit_period: z.enum(["day", "week", "month"]).nullable().optional(),
  auto_approve: z.boolean().default(false),
  active: z.boolean().default(true),
  starts_at: z.coerce.date().nullable().optional(),
  ends_at: z.coerce.date().nullable().optional(),
}

const actionRules = (v: { limit_count?: number | null; limit_period?: string | null; starts_at?: Date | null; ends_at?: Date | null }, ctx: z.RefinementCtx) => {
  if ((v.limit_count == null) !== (v.limit_period == null)) {
    ctx.addIssue({ code: "custom", path: ["limit_period"], message: "limit_count and limit_period go together" })
  }
  if (v.starts_at && v.ends_at && v.ends_at <= v.starts_at) {
    ctx.addIssue({ code: "custom", path: ["ends_at"], message: "ends_at must be after starts_at" })
  }
}

export const AdminCreateLoyaltyAction = z.strictObject(actionFields).superRefine(actionRules)
export type AdminCreateLoyaltyActionType = z.infer<typeof AdminCreateLoyaltyAction>

export const AdminUpdateLoyaltyAction = z
  .strictObject({ ...actionFields, frequency: actionFields.frequency.optional(), auto_approve: z.boolean().optional(), active: z.boolean().optional() })
  .partial()
  .superRefine(actionRules)
export type AdminUpdateLoyaltyActionType = z.infer<typeof AdminUpdateLoyaltyAction>
