/**
 * The admin reports' rows, as the report endpoints answer them and the
 * admin pages read them.
 */

/** One line of the summary: a month, a sales channel (null: none) and a currency. */
export type SummaryRow = {
  month: string
  sales_channel_id: string | null
  sales_channel_name: string | null
  currency_code: string
  issued: number
  redeemed: number
  /** Money value of the cones at the currency's redemption rate, 2 decimals as text; null when the currency has no rate. */
  issued_value: string | null
  redeemed_value: string | null
  entries: number
}

/** Cones issued and redeemed in one day or week of the overview's chart. */
export type SeriesPoint = { period: string; issued: number; redeemed: number }

/** How many members hold a tier (tier_id null: none). */
export type TierCount = { tier_id: string | null; name: string | null; rank: number | null; members: number }
