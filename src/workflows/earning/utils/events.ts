import type { LedgerResult, LoyaltyEntryDTO } from "../../../types/loyalty"

/** Names of the events Kapy emits, for subscribers and notification providers. */
export const LoyaltyEvents = {
  POINTS_EARNED: "loyalty.points_earned",
  POINTS_RELEASED: "loyalty.points_released",
  POINTS_REDEEMED: "loyalty.points_redeemed",
  POINTS_REVERSED: "loyalty.points_reversed",
  POINTS_EXPIRING: "loyalty.points_expiring",
  POINTS_EXPIRED: "loyalty.points_expired",
  TIER_CHANGED: "loyalty.tier_changed",
  REFERRAL_COMPLETED: "loyalty.referral_completed",
  CLAIM_APPROVED: "loyalty.claim_approved",
  REVIEW_APPROVED: "loyalty.review_approved",
  STAMP_CARD_COMPLETED: "loyalty.stamp_card_completed",
  /**
   * Kapy's own hand-over, not news for a member: the earn of a member's
   * placed order has run (whether it earned points or none, and again on a
   * redelivered `order.placed`, so a failed follow-up is retried), carrying
   * what the order counts toward the tier (`OrderEarnedData`). The tier
   * qualification subscribes to it, so it runs after the earn has read the
   * tier held before the order.
   */
  ORDER_EARNED: "loyalty.order_earned",
} as const

/** `loyalty.order_earned`'s payload: what the order counts toward the member's tier, read with its earn. */
export type OrderEarnedData = {
  order_id: string
  customer_id: string
  /** The points the order earned (0: none, e.g. paid with cones or a currency without a rate). */
  points: number
  /** The items' total after discounts, as the order module computed it. */
  amount: string
  currency_code: string
  placed_at: string
}

/**
 * The payload every points event carries: enough to notify the member
 * without another query. `customer_id` is the account's Medusa customer
 * (null for a member known only to Shopify).
 */
export function pointsEventData(entry: LoyaltyEntryDTO, customerId: string | null) {
  return {
    account_id: entry.account_id,
    customer_id: customerId,
    entry_id: entry.id,
    reason: entry.reason,
    // a release moves points from pending to available: say how many
    points: entry.reason === "release" ? entry.available_delta : entry.points,
    pending: entry.pending_delta !== 0 && entry.available_delta === 0,
    balance: entry.balance_after,
    pending_balance: entry.pending_after,
    source_type: entry.source_type,
    source_id: entry.source_id,
  }
}

/** Payloads for the entries a run actually wrote: replays emit nothing. */
export function eventPayloads(results: (LedgerResult | null | undefined)[]) {
  return results
    .filter((r): r is LedgerResult => !!r && !r.replayed && !!r.entry)
    .map((r) => pointsEventData(r.entry, r.account.customer_id))
}
