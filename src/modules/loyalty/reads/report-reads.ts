import type { Transaction } from "../ledger/ledger-store"
import { ACCOUNT, ENTRY } from "../ledger/ledger-store"
import { inOneSnapshot, scopedEntries, splitRange } from "../reports/report-rollup"
import type { SeriesPoint, SummaryRow, TierCount } from "../../../types/reports"

export type { SeriesPoint, SummaryRow, TierCount }

const TIER = "kapy_tier"

/** The redemption rates (points per unit of currency) that give cones their money value. */
export type PointRates = Record<string, string>

export type ReportRange = { from: Date; to: Date }

export type SummaryFilter = ReportRange & {
  sales_channel_id?: string | null
  /** Points per unit of currency: the program's redemption rates. */
  rates: PointRates
  /** The currency of entries that name none (signup, reviews, adjustments…). */
  default_currency: string
}

export type EntryExportRow = {
  id: string
  created_at: Date
  account_id: string
  reason: string
  points: number
  issued: number
  redeemed: number
  sales_channel_id: string | null
  currency_code: string
  source_type: string | null
  source_id: string | null
}

export type OverviewTotals = {
  members: number
  available: number
  pending: number
  issued: number
  redeemed: number
  expired: number
}


/**
 * Issued and redeemed cones of the entries in a range, each entry placed in
 * its sales channel and currency (see `scopedEntries`). `issued` is net of
 * reversals and negative adjustments (lifetime points); `redeemed` is net
 * of points given back.
 */
const inRange = { from: `${ENTRY} e`, where: "e.created_at >= :from AND e.created_at < :to" }

const ISSUED = `lifetime_delta) FILTER (WHERE reason NOT IN ('expiry', 'forfeit')`

/**
 * The admin's reports, answered by SQL (aggregates in the database;
 * nothing loads entries to count them): the daily rollup's whole days
 * before its watermark plus a live read of the ledger for the rest (see
 * `ReportRollup`), so a report costs the days it spans, not the entries;
 * and the keyset-paged export of the entries behind them, from the ledger.
 */
export class ReportReads {
  /**
   * Issued and redeemed cones and their money value per month, sales
   * channel and currency: the rollup's whole days plus the ledger's live
   * part (see `splitRange`), summed again per month.
   */
  async summary(knex: Transaction, filter: SummaryFilter): Promise<SummaryRow[]> {
    const result = await inOneSnapshot(knex, async (trx) => {
      const split = await splitRange(trx, filter)
      return await trx.raw(
      `WITH live AS (${scopedEntries(split.live, ":default_currency")}),
       parts AS (
         SELECT to_char(date_trunc('month', created_at AT TIME ZONE 'UTC'), 'YYYY-MM') AS month,
                sales_channel_id, currency_code,
                SUM(${ISSUED}) AS issued, SUM(redeemed_delta) AS redeemed, COUNT(*) AS entries
           FROM live
          GROUP BY 1, 2, 3
         UNION ALL
         SELECT to_char(day, 'YYYY-MM'), sales_channel_id, COALESCE(currency_code, LOWER(:default_currency)),
                SUM(${ISSUED}), SUM(redeemed_delta), SUM(entries)
           FROM ${split.rolled} r
          GROUP BY 1, 2, 3
       ),
       grouped AS (
         SELECT month, sales_channel_id, currency_code,
                COALESCE(SUM(issued), 0)::bigint AS issued,
                COALESCE(SUM(redeemed), 0)::bigint AS redeemed,
                SUM(entries)::bigint AS entries
           FROM parts
          WHERE (:channel::text IS NULL OR sales_channel_id = :channel)
          GROUP BY 1, 2, 3
       )
       SELECT g.month, g.sales_channel_id, sc.name AS sales_channel_name, g.currency_code,
              g.issued, g.redeemed, g.entries,
              ROUND(g.issued / NULLIF(:rates::jsonb ->> g.currency_code, '')::numeric, 2)::text AS issued_value,
              ROUND(g.redeemed / NULLIF(:rates::jsonb ->> g.currency_code, '')::numeric, 2)::text AS redeemed_value
         FROM grouped g
         LEFT JOIN sales_channel sc ON sc.id = g.sales_channel_id
        ORDER BY g.month, g.sales_channel_id NULLS LAST, g.currency_code`,
      {
        ...split.bindings,
        channel: filter.sales_channel_id ?? null,
        rates: JSON.stringify(filter.rates),
        default_currency: filter.default_currency,
      }
      )
    })
    return result.rows.map((r: any) => ({
      month: r.month,
      sales_channel_id: r.sales_channel_id,
      sales_channel_name: r.sales_channel_name ?? null,
      currency_code: r.currency_code,
      issued: Number(r.issued),
      redeemed: Number(r.redeemed),
      issued_value: r.issued_value,
      redeemed_value: r.redeemed_value,
      entries: Number(r.entries),
    }))
  }

  /**
   * One page of the entries behind `summary`, in id order after `afterId`
   * (entry ids are ULIDs: their order is the order entries were written
   * in). An export reads page after page, each an index range scan of the
   * primary key, so however many entries there are, one page at a time is
   * in memory and no page sorts the ledger.
   */
  async entriesPage(
    knex: Transaction,
    filter: Omit<SummaryFilter, "rates">,
    afterId: string | null,
    limit: number
  ): Promise<EntryExportRow[]> {
    const result = await knex.raw(
      `SELECT * FROM (${scopedEntries(inRange, ":default_currency")}
                AND (:after_id::text IS NULL OR e.id > :after_id::text)
              ORDER BY e.id) s
        WHERE (:channel::text IS NULL OR s.sales_channel_id = :channel)
        LIMIT :limit`,
      {
        from: filter.from,
        to: filter.to,
        channel: filter.sales_channel_id ?? null,
        default_currency: filter.default_currency,
        after_id: afterId,
        limit,
      }
    )
    return result.rows.map((r: any) => ({
      id: r.id,
      created_at: r.created_at,
      account_id: r.account_id,
      reason: r.reason,
      points: r.points,
      issued: r.reason === "expiry" || r.reason === "forfeit" ? 0 : r.lifetime_delta,
      redeemed: r.redeemed_delta,
      sales_channel_id: r.sales_channel_id,
      currency_code: r.currency_code,
      source_type: r.source_type,
      source_id: r.source_id,
    }))
  }

  /** Members and what they hold now; issued, redeemed and expired cones in the range (rollup + live). */
  async overviewTotals(knex: Transaction, range: ReportRange): Promise<OverviewTotals> {
    const result = await inOneSnapshot(knex, async (trx) => {
      const split = await splitRange(trx, range)
      return await trx.raw(
      `WITH parts AS (
         SELECT SUM(${ISSUED}) AS issued, SUM(redeemed_delta) AS redeemed,
                SUM(points) FILTER (WHERE reason = 'expiry') AS expiry_points
           FROM ${split.live.from}
          WHERE e.deleted_at IS NULL AND e.reason <> 'merge'
         UNION ALL
         SELECT SUM(${ISSUED}), SUM(redeemed_delta), SUM(points) FILTER (WHERE reason = 'expiry')
           FROM ${split.rolled} r
       )
       SELECT a.members, a.available, a.pending, e.issued, e.redeemed, e.expired
         FROM (SELECT COUNT(*) FILTER (WHERE status = 'active')::bigint AS members,
                      COALESCE(SUM(points_balance), 0)::bigint AS available,
                      COALESCE(SUM(points_pending), 0)::bigint AS pending
                 FROM ${ACCOUNT} WHERE deleted_at IS NULL) a,
              (SELECT COALESCE(SUM(issued), 0)::bigint AS issued,
                      COALESCE(SUM(redeemed), 0)::bigint AS redeemed,
                      COALESCE(-SUM(expiry_points), 0)::bigint AS expired
                 FROM parts) e`,
      split.bindings
      )
    })
    const row = result.rows[0]
    return {
      members: Number(row.members),
      available: Number(row.available),
      pending: Number(row.pending),
      issued: Number(row.issued),
      redeemed: Number(row.redeemed),
      expired: Number(row.expired),
    }
  }

  /** Issued and redeemed cones per day or week (UTC, weeks from Monday) over the range, empty periods as 0 (rollup + live). */
  async series(knex: Transaction, range: ReportRange, interval: "day" | "week"): Promise<SeriesPoint[]> {
    const result = await inOneSnapshot(knex, async (trx) => {
      const split = await splitRange(trx, range)
      return await trx.raw(
      `WITH buckets AS (
         SELECT generate_series(
                  date_trunc(:step, :from::timestamptz AT TIME ZONE 'UTC'),
                  (:to::timestamptz AT TIME ZONE 'UTC') - interval '1 microsecond',
                  ('1 ' || :step)::interval) AS bucket
       ), parts AS (
         SELECT date_trunc(:step, e.created_at AT TIME ZONE 'UTC') AS bucket,
                SUM(${ISSUED}) AS issued, SUM(redeemed_delta) AS redeemed
           FROM ${split.live.from}
          WHERE e.deleted_at IS NULL AND e.reason <> 'merge'
          GROUP BY 1
         UNION ALL
         SELECT date_trunc(:step, day::timestamp), SUM(${ISSUED}), SUM(redeemed_delta)
           FROM ${split.rolled} r
          GROUP BY 1
       ), sums AS (
         SELECT bucket, SUM(issued)::bigint AS issued, SUM(redeemed)::bigint AS redeemed FROM parts GROUP BY 1
       )
       SELECT to_char(b.bucket, 'YYYY-MM-DD') AS period,
              COALESCE(s.issued, 0)::bigint AS issued, COALESCE(s.redeemed, 0)::bigint AS redeemed
         FROM buckets b LEFT JOIN sums s ON s.bucket = b.bucket
        ORDER BY b.bucket`,
      { ...split.bindings, from: range.from, to: range.to, step: interval }
      )
    })
    return result.rows.map((r: any) => ({ period: r.period, issued: Number(r.issued), redeemed: Number(r.redeemed) }))
  }

  /**
   * Active members per tier, lowest first. A member whose tier was never
   * evaluated (or whose tier was deleted) holds the entry tier (threshold 0,
   * the lowest rank), as their standing says; `tier_id` null only when the
   * program has no tiers.
   */
  async tierDistribution(knex: Transaction): Promise<TierCount[]> {
    const result = await knex.raw(
      `WITH tiers AS (
         SELECT id, name, rank FROM ${TIER} WHERE deleted_at IS NULL
       ), entry AS (
         SELECT id FROM tiers ORDER BY rank LIMIT 1
       ), held AS (
         SELECT COALESCE(t.id, (SELECT id FROM entry)) AS tier_id, COUNT(*)::bigint AS members
           FROM ${ACCOUNT} a
           LEFT JOIN tiers t ON t.id = a.tier_id
          WHERE a.deleted_at IS NULL AND a.status = 'active'
          GROUP BY 1
       )
       SELECT t.id AS tier_id, t.name, t.rank, COALESCE(h.members, 0)::bigint AS members
         FROM tiers t LEFT JOIN held h ON h.tier_id = t.id
       UNION ALL
       SELECT NULL, NULL, NULL, h.members FROM held h WHERE h.tier_id IS NULL
        ORDER BY 3 NULLS FIRST`
    )
    return result.rows.map((r: any) => ({
      tier_id: r.tier_id,
      name: r.name,
      rank: r.rank === null ? null : Number(r.rank),
      members: Number(r.members),
    }))
  }
}
