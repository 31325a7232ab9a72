/**
 * Claiming guest orders. The rule book:
 *
 * 1. Only a registered customer (one with an account) can claim.
 * 2. They claim the orders placed with their email, exactly as written, in
 *    the last GUEST_CLAIM_DAYS days (24-hour days back from now, the start
 *    included).
 * 3. An order whose customer has an account is not a guest order: it earned
 *    (or not) when it was placed, and cannot be claimed.
 *
 * Anyone who registers with an email can claim its guest orders, so shops
 * that care should verify emails at registration.
 */

/** How far back a new member's guest orders can be claimed. */
export const GUEST_CLAIM_DAYS = 30

export const GUEST_CLAIM_PROBLEM = "Only registered customers can claim guest orders"

export type GuestClaimer = {
  email?: string | null
  has_account?: boolean | null
}

export type GuestOrder = {
  email?: string | null
  created_at: Date | string
  /** The order's customer; absent or without an account for a guest order. */
  customer?: { has_account?: boolean | null } | null
}

/**
 * Where the claim window starts (rule 2): GUEST_CLAIM_DAYS days of 24 hours
 * before `now`. Orders placed at or after it can be claimed.
 *
 * @example
 * guestClaimWindowStart(new Date("2026-11-23T10:00:00Z")) // 2026-10-24T10:00:00Z
 */
export function guestClaimWindowStart(now: Date): Date {
  return new Date(now.getTime() - GUEST_CLAIM_DAYS * 86_400_000)
}

/**
 * Why `claimer` cannot claim guest orders (rule 1), or null when they can.
 *
 * @example
 * guestClaimProblem({ email: "ada@example.com", has_account: false }) // GUEST_CLAIM_PROBLEM
 */
export function guestClaimProblem(claimer: GuestClaimer | null | undefined): string | null {
  return claimer?.has_account ? null : GUEST_CLAIM_PROBLEM
}

/**
 * Whether `claimer` may claim the points of `order` at `now` (rules 1–3):
 * a registered claimer, the same email, placed within the window, and no
 * account behind the order.
 *
 * @example
 * guestOrderClaimable({ order: { email: "ada@example.com", created_at: "2026-11-01T00:00:00Z" },
 *   claimer: { email: "ada@example.com", has_account: true }, now: new Date("2026-11-23T00:00:00Z") }) // true
 */
export function guestOrderClaimable({
  order,
  claimer,
  now,
}: {
  order: GuestOrder
  claimer: GuestClaimer
  now: Date
}): boolean {
  if (guestClaimProblem(claimer) || !claimer.email || order.email !== claimer.email) {
    return false
  }
  if (order.customer?.has_account) {
    return false
  }
  const placed = new Date(order.created_at).getTime()
  return placed >= guestClaimWindowStart(now).getTime()
}
