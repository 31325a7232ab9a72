import type { StorageLike } from "./client"

/**
 * A friend's referral code from `?ref=CODE` on any page the widgets are on,
 * kept until the shopper logs in (or registers) and the code is applied.
 */
export const REFERRAL_KEY = "kapy_referral"
/** How long a captured code is kept (the shopper may register days later). */
export const REFERRAL_TTL_MS = 30 * 24 * 3600 * 1000

export type StoredReferral = { code: string; at: number }

/**
 * Reads `?<param>=CODE` from a URL and keeps it (the latest link wins).
 * Returns the code, or null when the URL has none that looks like a code.
 */
export function captureReferral(url: string, storage: StorageLike | null, param = "ref", now = Date.now()): string | null {
  let code: string | null = null
  try {
    code = new URL(url).searchParams.get(param)
  } catch {
    return null
  }
  code = code?.trim() ?? null
  // the API takes 1-40 characters; anything else is not a code
  if (!code || code.length > 40 || !/^[A-Za-z0-9_-]+$/.test(code)) return null
  try {
    storage?.setItem(REFERRAL_KEY, JSON.stringify({ code, at: now } satisfies StoredReferral))
  } catch {
    // storage full or blocked: the code still applies if the shopper logs in on this page
  }
  return code
}

/** The kept code, unless it is older than the TTL (then it is dropped). */
export function storedReferral(storage: StorageLike | null, now = Date.now()): string | null {
  let raw: string | null = null
  try {
    raw = storage?.getItem(REFERRAL_KEY) ?? null
  } catch {
    return null
  }
  if (!raw) return null
  try {
    const value = JSON.parse(raw) as StoredReferral
    if (typeof value?.code === "string" && typeof value.at === "number" && now - value.at <= REFERRAL_TTL_MS) {
      return value.code
    }
  } catch {
    // not ours, or damaged
  }
  forgetReferral(storage)
  return null
}

export function forgetReferral(storage: StorageLike | null) {
  try {
    storage?.removeItem(REFERRAL_KEY)
  } catch {
    // blocked
  }
}
