import { createHash } from "crypto"

/**
 * Rules for what shoppers write and claim (reviews, social follows, custom
 * actions) and for awards an admin uploads. Pure functions: the module,
 * workflows and routes call them; rule-book tests in __tests__/awards.
 */

export const REVIEW_STATUSES = ["pending", "approved", "rejected"] as const
export type ReviewStatus = (typeof REVIEW_STATUSES)[number]

export const CLAIM_STATUSES = ["pending", "approved", "rejected"] as const
export type ClaimStatus = (typeof CLAIM_STATUSES)[number]

export const CLAIM_TYPES = ["social_follow", "custom"] as const
export type ClaimType = (typeof CLAIM_TYPES)[number]

export const ACTION_FREQUENCIES = ["once", "repeatable"] as const
export type ActionFrequency = (typeof ACTION_FREQUENCIES)[number]

export const ACTION_PERIODS = ["day", "week", "month"] as const
export type ActionPeriod = (typeof ACTION_PERIODS)[number]

/** The hard ceilings of review text; a shop's settings may only lower them. */
export const REVIEW_TITLE_MAX = 120
export const REVIEW_CONTENT_MAX = 5000

// C0 and C1 control characters except tab, line feed and carriage return
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g
const SCRIPT_OR_STYLE = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi
const TAG = /<\/?[A-Za-z!][^>]*>?/g
const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&nbsp;": " " }

/**
 * What a shopper typed, as plain text: HTML tags (and what a script or
 * style element holds) and control characters removed, common entities
 * decoded once, lines trimmed at the ends. Stored text is never HTML, so a
 * widget may show it with textContent, and an admin list cannot run it.
 * What remains of a stray `<` stays as text.
 */
export function plainText(value: string): string {
  return value
    .replace(SCRIPT_OR_STYLE, "")
    .replace(TAG, "")
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (m) => ENTITIES[m])
    .replace(CONTROL, "")
    .replace(/\r\n?/g, "\n")
    .trim()
}

/** "Aino K.": a first name and the last name's initial, the most a review shows of its writer. */
export function reviewerDisplayName(firstName?: string | null, lastName?: string | null): string {
  const first = plainText(firstName ?? "").split(/\s+/)[0] ?? ""
  const initial = plainText(lastName ?? "").charAt(0).toUpperCase()
  if (!first) {
    return initial ? `${initial}.` : "A shopper"
  }
  return initial ? `${first} ${initial}.` : first
}

/** One review's cones: once per product per customer, however often it is approved. */
export function reviewAwardKey(customerId: string, productId: string) {
  return `review:${customerId}:${productId}`
}

/** A claim's award: once per claim. */
export function claimAwardKey(claimId: string) {
  return `claim:${claimId}`
}

/** Where a period of a repeatable action's limit starts (UTC): the day, the ISO week (Monday), the month. */
export function periodStart(period: ActionPeriod, now: Date): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  if (period === "day") {
    return day
  }
  if (period === "week") {
    const sinceMonday = (day.getUTCDay() + 6) % 7
    return new Date(day.getTime() - sinceMonday * 86_400_000)
  }
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
}

export type CustomActionFacts = {
  active: boolean
  starts_at: Date | string | null
  ends_at: Date | string | null
  frequency: ActionFrequency
  limit_count: number | null
  limit_period: ActionPeriod | null
}

/**
 * Why a member may not claim a custom action now, or null when they may.
 * `standing_claims` counts their claims of it that were not rejected: all
 * of them for a `once` action, those of the current period for a
 * repeatable one.
 */
export function customClaimRefusal(action: CustomActionFacts, standingClaims: number, now: Date): string | null {
  if (!action.active) {
    return "This action is not active"
  }
  if (action.starts_at && new Date(action.starts_at) > now) {
    return "This action has not started yet"
  }
  if (action.ends_at && new Date(action.ends_at) <= now) {
    return "This action has ended"
  }
  if (action.frequency === "once") {
    return standingClaims > 0 ? "This action can be claimed once" : null
  }
  if (action.limit_count !== null && action.limit_period && standingClaims >= action.limit_count) {
    return `This action can be claimed ${action.limit_count} time(s) a ${action.limit_period}`
  }
  return null
}

/** Whether the shop auto-approves follows of `platform`: a per-platform setting, or one for all. */
export function socialAutoApproves(setting: boolean | Record<string, boolean>, platform: string): boolean {
  return typeof setting === "boolean" ? setting : !!setting[platform]
}

export type AwardRowInput = Record<string, string | undefined>

export type AwardRow =
  | { ok: true; email: string | null; customer_id: string | null; points: number; reason: string; key: string }
  | { ok: false; message: string }

/**
 * One row of an uploaded awards file, checked: `email` or `customer_id`,
 * `points` (a whole number, not 0; negative takes points away, never below
 * zero), `reason`, and an optional `key`. The row's idempotency key is the
 * file's key, else a hash of the row and its line, so the same file
 * uploaded twice awards nothing new.
 */
export function parseAwardRow(row: AwardRowInput, line: number): AwardRow {
  const email = (row.email ?? "").trim().toLowerCase() || null
  const customerId = (row.customer_id ?? "").trim() || null
  const pointsText = (row.points ?? "").trim()
  const reason = plainText(row.reason ?? "")
  const key = (row.key ?? "").trim()
  if (!email && !customerId) {
    return { ok: false, message: "email or customer_id is required" }
  }
  if (!/^-?\d{1,9}$/.test(pointsText) || Number(pointsText) === 0) {
    return { ok: false, message: `points must be a whole number other than 0, not "${pointsText}"` }
  }
  if (!reason) {
    return { ok: false, message: "reason is required" }
  }
  if (reason.length > 500) {
    return { ok: false, message: "reason must be at most 500 characters" }
  }
  if (key.length > 200) {
    return { ok: false, message: "key must be at most 200 characters" }
  }
  const hash = createHash("sha256")
    .update(JSON.stringify([line, email, customerId, pointsText, reason]))
    .digest("hex")
    .slice(0, 32)
  return {
    ok: true,
    email,
    customer_id: customerId,
    points: Number(pointsText),
    reason,
    key: `import:${key ? `key:${key}` : `row:${hash}`}`,
  }
}
