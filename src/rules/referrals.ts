import { createHmac } from "crypto"
import { MathBN } from "@medusajs/framework/utils"

/**
 * Referrals. The rule book:
 *
 * 1. A referral code is 8 characters from an alphabet without look-alikes
 *    (no 0/O, 1/I/L). Shoppers may type it in any case, with spaces or
 *    dashes; anything else is not a code.
 * 2. A friend applies one code, before their first order. The referral is
 *    rejected, with the first reason that holds, when:
 *    - `self_referral`: the friend is the referrer (same account or customer);
 *    - `same_email`: an email of the friend is one of the referrer's, after
 *      normalising (case, `+tag`, dots of Gmail/Googlemail addresses);
 *    - `same_phone`: a normalised phone number is shared;
 *    - `same_address`: the friend's first order ships to an address of the
 *      referrer's, normalised (case, spaces, punctuation, "k." for "katu"…);
 *    - `friend_has_orders`: the friend had placed an order already;
 *    - `referrer_suspended`: the referrer's account is not active;
 *    - `referrer_monthly_limit`: the referrer already completed the
 *      program's `max_completed_per_month` referrals this calendar month (UTC);
 *    - `ip_weekly_limit`: `max_friends_per_ip_week` friends already applied
 *      from the same IP address (kept only as a keyed hash) in 7 days.
 * 3. The referrer is rewarded for the friend's first order whose items,
 *    before discounts and without shipping, cost at least the program's
 *    `min_order` in the order's currency (a currency without a minimum never
 *    qualifies), once that order's pending period is over.
 * 4. The friend of a standing referral gets the program's welcome reward
 *    once: cones, or an amount off an order of at least the program's
 *    `min_order` (the figure of the reward's currency, else of the first
 *    currency the program names). The amount-off code is made where the
 *    friend shops: on Shopify when they applied the code there (or have
 *    only a Shopify customer), else as a Medusa promotion for their Medusa
 *    customer; a friend with neither gets none.
 */

export const REFERRAL_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
export const REFERRAL_CODE_LENGTH = 8

export const REFERRAL_STATUSES = ["pending", "completed", "rejected", "void"] as const
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number]

export const REFERRAL_REJECTIONS = [
  "self_referral",
  "same_email",
  "same_phone",
  "same_address",
  "friend_has_orders",
  "referrer_suspended",
  "referrer_monthly_limit",
  "ip_weekly_limit",
] as const
export type ReferralRejection = (typeof REFERRAL_REJECTIONS)[number]

export const REFERRAL_VOID_REASONS = ["order_canceled", "order_refunded"] as const
export type ReferralVoidReason = (typeof REFERRAL_VOID_REASONS)[number]

const CODE_PATTERN = new RegExp(`^[${REFERRAL_CODE_ALPHABET}]{${REFERRAL_CODE_LENGTH}}$`)

/**
 * A typed code as stored (rule 1), or null when it cannot be one.
 *
 * @example
 * normaliseReferralCode(" k7p2-mx9q ") // "K7P2MX9Q"
 * normaliseReferralCode("K0P2MX9Q")    // null: 0 is never in a code
 */
export function normaliseReferralCode(input: unknown): string | null {
  if (typeof input !== "string") {
    return null
  }
  const code = input.replace(/[\s-]/g, "").toUpperCase()
  return CODE_PATTERN.test(code) ? code : null
}

const GMAIL_DOMAINS = new Set(["gmail.com", "googlemail.com"])

/**
 * An email as one mailbox: lower case, without a `+tag`, and for Gmail and
 * Googlemail (one service) without dots in the local part.
 *
 * @example
 * normaliseEmailForReferral("A.Smith+x@GMail.com") // "asmith@gmail.com"
 */
export function normaliseEmailForReferral(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase()
  const at = trimmed?.lastIndexOf("@") ?? -1
  if (!trimmed || at <= 0 || at === trimmed.length - 1) {
    return null
  }
  let local = trimmed.slice(0, at).split("+")[0]
  let domain = trimmed.slice(at + 1)
  if (GMAIL_DOMAINS.has(domain)) {
    local = local.replace(/\./g, "")
    domain = "gmail.com"
  }
  return local ? `${local}@${domain}` : null
}

/**
 * A phone number as digits with its country calling code: spaces, dashes,
 * dots and brackets dropped, `00` read as `+`, and a national number (a
 * leading 0) given `countryCallingCode`. Fewer than 6 digits is no number.
 *
 * @example
 * normalisePhone("040 123 4567", "358")   // "+358401234567"
 * normalisePhone("+358 (40) 123-4567")    // "+358401234567"
 */
export function normalisePhone(phone: string | null | undefined, countryCallingCode = "358"): string | null {
  if (!phone) {
    return null
  }
  let digits = phone.trim().replace(/[\s().\-/]/g, "")
  if (digits.startsWith("00")) {
    digits = `+${digits.slice(2)}`
  } else if (digits.startsWith("0")) {
    digits = `+${countryCallingCode}${digits.slice(1)}`
  } else if (!digits.startsWith("+")) {
    digits = `+${digits}`
  }
  return /^\+\d{6,15}$/.test(digits) ? digits : null
}

export type PostalAddress = {
  address_1?: string | null
  address_2?: string | null
  postal_code?: string | null
  city?: string | null
  country_code?: string | null
}

/** Abbreviations written for the same street word, as the end of a word with its dot. */
const STREET_ABBREVIATIONS: [RegExp, string][] = [
  [/straße/g, "strasse"],
  [/str\.(?=\s|\d|$)/g, "strasse"],
  [/\bst\.(?=\s|\d|$)/g, "street"],
  [/\brd\.(?=\s|\d|$)/g, "road"],
  [/\bave?\.(?=\s|\d|$)/g, "avenue"],
  // Finnish: "Aleksanterink." for "Aleksanterinkatu", "Mannerheimint." for "Mannerheimintie"
  [/k\.(?=\s|\d|$)/g, "katu"],
  [/t\.(?=\s|\d|$)/g, "tie"],
]
/** Words that only label an apartment ("as. 12", "apt 12"): the number stays. */
const APARTMENT_LABELS = /\b(as|asunto|apt|apartment|flat)\b\.?|#/g

/**
 * An address as one key for "the same place": lower case, street
 * abbreviations written out ("Aleksanterink. 5" is "Aleksanterinkatu 5"),
 * apartment labels dropped (their numbers kept), then every space and
 * punctuation mark removed; with postal code and country. Null without a
 * street or a postal code.
 *
 * @example
 * normaliseAddress({ address_1: "Aleksanterink. 5 A", postal_code: "00 100", country_code: "FI" })
 * // "fi|00100|aleksanterinkatu5a"
 */
export function normaliseAddress(address: PostalAddress | null | undefined): string | null {
  if (!address) {
    return null
  }
  let street = `${address.address_1 ?? ""} ${address.address_2 ?? ""}`.toLowerCase()
  for (const [pattern, word] of STREET_ABBREVIATIONS) {
    street = street.replace(pattern, word)
  }
  street = street.replace(APARTMENT_LABELS, " ").replace(/[^\p{L}\p{N}]/gu, "")
  const postal = (address.postal_code ?? "").toLowerCase().replace(/[^\p{L}\p{N}]/gu, "")
  if (!street || !postal) {
    return null
  }
  return `${(address.country_code ?? "").toLowerCase()}|${postal}|${street}`
}

export type ReferralParty = {
  account_id: string
  customer_ids: string[]
  emails: (string | null | undefined)[]
  phones: (string | null | undefined)[]
  addresses?: PostalAddress[]
}

export type ReferralFacts = {
  referrer: ReferralParty & { account_status: string }
  friend: ReferralParty & { order_count: number }
  /** Referrals the referrer completed this calendar month. */
  referrer_completed_this_month: number
  max_completed_per_month: number
  /** Other friends who applied a code from the friend's IP address in the last 7 days. */
  ip_applications_this_week: number
  max_friends_per_ip_week: number
}

/**
 * Why a referral is rejected (rule 2), or null when it stands. The checks
 * run in the rule's order: the first that holds is the reason.
 */
export function referralRejection(facts: ReferralFacts): ReferralRejection | null {
  const { referrer, friend } = facts
  if (
    referrer.account_id === friend.account_id ||
    referrer.customer_ids.some((id) => friend.customer_ids.includes(id))
  ) {
    return "self_referral"
  }
  if (overlaps(referrer.emails, friend.emails, normaliseEmailForReferral)) {
    return "same_email"
  }
  if (overlaps(referrer.phones, friend.phones, (p) => normalisePhone(p))) {
    return "same_phone"
  }
  if (overlaps(referrer.addresses ?? [], friend.addresses ?? [], normaliseAddress)) {
    return "same_address"
  }
  if (friend.order_count > 0) {
    return "friend_has_orders"
  }
  if (referrer.account_status !== "active") {
    return "referrer_suspended"
  }
  if (facts.referrer_completed_this_month >= facts.max_completed_per_month) {
    return "referrer_monthly_limit"
  }
  if (facts.ip_applications_this_week >= facts.max_friends_per_ip_week) {
    return "ip_weekly_limit"
  }
  return null
}

function overlaps<T>(a: T[], b: T[], normalise: (value: T) => string | null): boolean {
  const keys = new Set(a.map(normalise).filter((k): k is string => !!k))
  return b.some((value) => {
    const key = normalise(value)
    return !!key && keys.has(key)
  })
}

/**
 * Why the friend's order rejects their referral (rule 2, as the order
 * reaches it): it ships to one of the referrer's addresses. Null otherwise.
 *
 * @example
 * referralOrderRejection([{ address_1: "Aleksanterinkatu 5", postal_code: "00100", country_code: "fi" }],
 *   { address_1: "ALEKSANTERINK. 5", postal_code: "00 100", country_code: "FI" }) // "same_address"
 */
export function referralOrderRejection(
  referrerAddresses: PostalAddress[],
  shippingAddress: PostalAddress | null | undefined
): "same_address" | null {
  return shippingAddress && overlaps(referrerAddresses, [shippingAddress], normaliseAddress) ? "same_address" : null
}

/**
 * Whether an order is big enough to reward the referrer (rule 3).
 *
 * @example
 * meetsMinimumOrder({ amount: 40, currency_code: "EUR" }, { eur: "30" }) // true
 * meetsMinimumOrder({ amount: 40, currency_code: "sek" }, { eur: "30" }) // false
 */
export function meetsMinimumOrder(
  order: { amount: number | string; currency_code: string },
  minOrder: Record<string, string>
): boolean {
  const minimum = minOrder[order.currency_code.toLowerCase()]
  return minimum !== undefined && MathBN.gte(order.amount, minimum)
}

/** The start of the calendar month (UTC) that the monthly limit counts in. */
export function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
}

/** The start of the 7 days that the IP limit counts in. */
export function weekBefore(now: Date): Date {
  return new Date(now.getTime() - 7 * 86_400_000)
}

/**
 * An IP address as it is kept: a keyed hash (HMAC-SHA-256 with the shop's
 * secret), enough to count applications from one address and not enough to
 * recover it. Null without an address.
 */
export function hashIpAddress(ip: string | null | undefined, secret: string): string | null {
  const address = ip?.trim().replace(/^::ffff:/, "")
  return address ? createHmac("sha256", secret).update(`kapy-referral-ip:${address}`).digest("hex") : null
}

/** What the friend is told of a referral: never why it was rejected. */
export function friendFacingStatus(status: ReferralStatus): "pending" | "completed" | "not_eligible" {
  return status === "rejected" || status === "void" ? "not_eligible" : status
}

/** Where a friend's amount-off welcome code is made (rule 4). */
export type FriendRewardChannel = "medusa" | "shopify"

/**
 * Where the friend's welcome code is made (rule 4): Shopify when the code
 * was applied there and the friend is a Shopify customer, else their Medusa
 * customer, else their Shopify customer; null when they have neither.
 *
 * @example
 * friendRewardChannel({ applied_on: "shopify", medusa_customer: true, shopify_customer: true }) // "shopify"
 * friendRewardChannel({ applied_on: null, medusa_customer: false, shopify_customer: true })     // "shopify" (an admin approved it)
 */
export function friendRewardChannel(input: {
  applied_on?: FriendRewardChannel | null
  medusa_customer: boolean
  shopify_customer: boolean
}): FriendRewardChannel | null {
  if (input.applied_on === "shopify" && input.shopify_customer) {
    return "shopify"
  }
  if (input.medusa_customer) {
    return "medusa"
  }
  return input.shopify_customer ? "shopify" : null
}

/**
 * The amount-off welcome's terms (rule 4): the program's amount, in the
 * given currency (the shop's on Shopify) or the first the program sets a
 * minimum order in (EUR by default), with that currency's minimum, else
 * the first currency's figure. Null minimum: the program sets none.
 *
 * @example
 * friendRewardTerms({ amount: "5", min_order: { eur: "30" } })        // { currency_code: "eur", amount: "5", min_order: "30" }
 * friendRewardTerms({ amount: "5", min_order: { eur: "30" } }, "usd") // { currency_code: "usd", amount: "5", min_order: "30" }
 */
export function friendRewardTerms(
  program: { amount: string; min_order: Record<string, string> },
  currency?: string | null
): { currency_code: string; amount: string; min_order: string | null } {
  const [first, firstMinimum] = Object.entries(program.min_order)[0] ?? ["eur", null]
  const currency_code = currency?.toLowerCase() || first
  return {
    currency_code,
    amount: program.amount,
    min_order: program.min_order[currency_code] ?? firstMinimum ?? null,
  }
}
