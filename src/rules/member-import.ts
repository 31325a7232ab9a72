import { normaliseReferralCode } from "./referrals"

/**
 * Importing members from another loyalty app. The rule book:
 *
 * 1. A file is CSV with a header row. Columns are matched by name, in any
 *    case and spacing ("Points balance" = "points_balance"), under Kapy's
 *    names or the aliases of Smile.io and LoyaltyLion exports; other
 *    columns are ignored. `email` and `points` must be present.
 * 2. A row needs a valid email and a whole number of points, 0 or more.
 *    `tier` (a tier's name), `referral_code` (a code, or a referral URL
 *    whose last part or `ref`/`code` parameter is the code) and `birthday`
 *    (YYYY-MM-DD) are optional; a birthday that cannot be read makes the
 *    row bad, with a message naming the column. A referral code that does
 *    not fit Kapy's codes (8 letters and digits) is left out with a
 *    warning: the member gets a new code.
 * 3. A member is imported once per source: the entry's key is the source
 *    and the customer, so running the same file again changes nothing.
 */

export const IMPORT_COLUMNS = ["email", "points", "tier", "referral_code", "birthday"] as const
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]

/** Header names (normalised) each column is known by: Kapy's own, then Smile.io's and LoyaltyLion's. */
export const IMPORT_ALIASES: Record<ImportColumn, string[]> = {
  email: ["email", "customer_email", "email_address"],
  points: ["points", "points_balance", "balance", "points_approved", "approved_points", "current_points"],
  tier: ["tier", "vip_tier", "vip_tier_name", "tier_name", "current_tier"],
  referral_code: ["referral_code", "referral_url", "referral_link", "referral_code_url"],
  birthday: ["birthday", "date_of_birth", "birth_date", "dob"],
}

/** "Points balance" → "points_balance" (rule 1). */
export function normaliseHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
}

/**
 * Which column each header is (null: ignored), and the problem when a
 * required column is missing (rule 1).
 */
export function mapImportHeader(header: string[]): { columns: (ImportColumn | null)[]; problem: string | null } {
  const columns = header.map((h) => {
    const n = normaliseHeader(h)
    return (IMPORT_COLUMNS.find((c) => IMPORT_ALIASES[c].includes(n)) ?? null) as ImportColumn | null
  })
  const missing = (["email", "points"] as const).filter((c) => !columns.includes(c))
  return {
    columns,
    problem: missing.length
      ? `The header must name ${missing.join(" and ")} (known as: ${missing.map((c) => IMPORT_ALIASES[c].join(", ")).join("; ")})`
      : null,
  }
}

export type MemberImportRow = {
  email: string
  points: number
  tier: string | null
  referral_code: string | null
  birthday: string | null
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** One row, read by the rules (rule 2). */
export function parseMemberRow(
  record: Partial<Record<ImportColumn, string>>
): { ok: true; row: MemberImportRow; warnings: string[] } | { ok: false; message: string } {
  const warnings: string[] = []
  const email = (record.email ?? "").trim().toLowerCase()
  if (!EMAIL.test(email) || email.length > 320) {
    return { ok: false, message: `email: "${record.email ?? ""}" is not an email address` }
  }
  const rawPoints = (record.points ?? "").trim().replace(/[\s,]/g, "")
  if (!/^\d+(\.0+)?$/.test(rawPoints) || Number(rawPoints) > 100_000_000) {
    return { ok: false, message: `points: "${record.points ?? ""}" is not a whole number of points, 0 or more` }
  }
  const tier = (record.tier ?? "").trim() || null
  let referral: string | null = null
  const rawCode = (record.referral_code ?? "").trim()
  if (rawCode) {
    referral = normaliseReferralCode(codeFromReferral(rawCode))
    if (!referral) {
      warnings.push(`referral_code: "${rawCode}" is not a code Kapy can keep (8 letters and digits); the member gets a new one`)
    }
  }
  const rawBirthday = (record.birthday ?? "").trim()
  let birthday: string | null = null
  if (rawBirthday) {
    birthday = /^\d{4}-\d{2}-\d{2}/.test(rawBirthday) ? rawBirthday.slice(0, 10) : null
    if (!birthday || Number.isNaN(new Date(`${birthday}T00:00:00Z`).getTime())) {
      return { ok: false, message: `birthday: "${rawBirthday}" is not a date written YYYY-MM-DD` }
    }
  }
  return { ok: true, row: { email, points: Number(rawPoints.split(".")[0]), tier, referral_code: referral, birthday }, warnings }
}

/** The code in a referral URL (`?ref=CODE`, `?code=CODE` or its last path part), or the text itself. */
export function codeFromReferral(value: string): string {
  if (!/^https?:\/\//i.test(value)) {
    return value
  }
  try {
    const url = new URL(value)
    const param = url.searchParams.get("ref") ?? url.searchParams.get("code") ?? url.searchParams.get("referral_code")
    return param ?? url.pathname.split("/").filter(Boolean).pop() ?? value
  } catch {
    return value
  }
}

/** The entry key of a member's import (rule 3): once per source and customer, no personal data in it. */
export function memberImportKey(source: string, customerId: string): string {
  return `import:${source}:${customerId}`
}
