import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { ENTRY } from "../ledger/ledger-store"

export const REPORT_DAY = "kapy_report_day"
export const REPORT_WATERMARK = "kapy_report_watermark"
export const REPORT_LATE_DAY = "kapy_report_late_day"

const DAY_MS = 86_400_000

/**
 * The ledger's entries with the sales channel and currency the reports
 * place them in: an order's earning carries them; a cart's redemption and
 * an order's points given back take them from Medusa's cart and order rows
 * (joined only for entries that name no channel themselves). Merge entries
 * are in no report. `currency` is the SQL for an entry that names no
 * currency and has no order or cart that does; `range` restricts
 * `e.created_at`.
 */
// Named bindings (:name) must not share a name with a cast (::interval, ::text…): knex would bind the cast.
export function scopedEntries(range: { from: string; where: string }, currency: string) {
  return `
  SELECT e.id, e.created_at, e.account_id, e.reason, e.points, e.source_type, e.source_id,
         e.lifetime_delta, e.redeemed_delta,
         COALESCE(e.sales_channel_id, o.sales_channel_id, c.sales_channel_id) AS sales_channel_id,
         LOWER(COALESCE(e.currency_code, o.currency_code, c.currency_code, ${currency})) AS currency_code
    FROM ${range.from}
    LEFT JOIN "order" o ON e.sales_channel_id IS NULL AND e.source_type = 'order' AND o.id = e.source_id
    LEFT JOIN cart c ON e.sales_channel_id IS NULL AND e.source_type = 'cart' AND c.id = e.source_id
   WHERE e.deleted_at IS NULL AND e.reason <> 'merge' AND ${range.where}`
}

/** The whole UTC days of `[from, to)`: from the first midnight at or after `from` to the last at or before `to`. */
export function wholeDays(range: { from: Date; to: Date }) {
  return {
    whole_from: new Date(Math.ceil(range.from.getTime() / DAY_MS) * DAY_MS),
    whole_to: new Date(Math.floor(range.to.getTime() / DAY_MS) * DAY_MS),
  }
}

/**
 * A report's range split into the rollup's rows and the ledger's live
 * part, as SQL for the report's statement:
 *
 * - `rolled`: a subquery of the rollup rows of the range's whole days that
 *   lie before the watermark and have no late mark (the day holding the
 *   watermark has a row for its part before it);
 * - `live`: the `from` and `where` of the ledger's entries in the rest of
 *   the range, disjoint intervals each read by the index on `created_at`:
 *   a partial first day, everything from the watermark (or the last
 *   partial day) on, and each late day.
 *
 * Bounds are bound as values, so PostgreSQL plans each interval with its
 * real size (a few minutes of entries is an index range scan, not a scan
 * of the ledger). The caller reads the split and the report in one
 * snapshot (`inOneSnapshot`).
 */
export type ReportSplit = {
  rolled: string
  live: { from: string; where: string }
  bindings: Record<string, string | Date>
}

export async function splitRange(trx: Knex | Knex.Transaction, range: { from: Date; to: Date }): Promise<ReportSplit> {
  const { whole_from, whole_to } = wholeDays(range)
  const { rows } = await trx.raw(
    `WITH cut AS (
       SELECT :whole_from::timestamptz AS a,
              LEAST(:whole_to::timestamptz,
                    COALESCE((SELECT rolled_until FROM ${REPORT_WATERMARK} WHERE id = 'ledger'), '-infinity'::timestamptz)) AS c
     )
     SELECT cut.c, cut.c > cut.a AS rolls,
            ARRAY(SELECT DISTINCT l.day::text FROM ${REPORT_LATE_DAY} l
                   WHERE (l.day::timestamp AT TIME ZONE 'UTC') >= cut.a AND (l.day::timestamp AT TIME ZONE 'UTC') < cut.c
                   ORDER BY 1) AS late
       FROM cut`,
    { whole_from, whole_to }
  )
  const { c, rolls, late } = rows[0] as { c: Date; rolls: boolean; late: string[] }
  const intervals: [Date, Date][] = rolls
    ? [
        [range.from, whole_from],
        [c, range.to],
        ...late.map((day): [Date, Date] => {
          const start = new Date(`${day}T00:00:00Z`)
          return [start, new Date(Math.min(start.getTime() + DAY_MS, c.getTime()))]
        }),
      ]
    : [[range.from, range.to]]
  const bindings: Record<string, string | Date> = {}
  const scans = intervals
    .filter(([lo, hi]) => lo < hi)
    .map(([lo, hi], i) => {
      bindings[`live_lo_${i}`] = lo
      bindings[`live_hi_${i}`] = hi
      return `SELECT * FROM ${ENTRY} WHERE created_at >= :live_lo_${i} AND created_at < :live_hi_${i}`
    })
  const live = {
    from: `(${scans.length ? scans.join(" UNION ALL ") : `SELECT * FROM ${ENTRY} WHERE FALSE`}) e`,
    where: "TRUE",
  }
  if (!rolls) {
    return { rolled: `(SELECT * FROM ${REPORT_DAY} WHERE FALSE)`, live, bindings }
  }
  bindings.rolled_from = whole_from.toISOString().slice(0, 10)
  bindings.rolled_before = c.toISOString()
  bindings.rolled_late = `{${late.join(",")}}`
  return {
    rolled: `(SELECT * FROM ${REPORT_DAY}
               WHERE day >= :rolled_from::date AND (day::timestamp AT TIME ZONE 'UTC') < :rolled_before::timestamptz
                 AND day <> ALL(:rolled_late::date[]))`,
    live,
    bindings,
  }
}

/**
 * Runs `read` in one snapshot (a read-only REPEATABLE READ transaction), so
 * that the watermark, the late marks, the rollup rows and the ledger are
 * read as of the same moment; within a transaction already, in that one.
 */
export async function inOneSnapshot<T>(knex: Knex | Knex.Transaction, read: (trx: Knex | Knex.Transaction) => Promise<T>): Promise<T> {
  if ((knex as Knex.Transaction).isTransaction) {
    return await read(knex)
  }
  return await (knex as Knex).transaction(async (trx) => await read(trx), { isolationLevel: "repeatable read", readOnly: true })
}

export type RollResult = {
  /** False when writers open since before the cut did not finish in time: nothing changed, the next run tries again. */
  rolled: boolean
  /** The watermark after the run (ISO), null while nothing is rolled. */
  rolled_until: string | null
  /** Late days rolled again. */
  late_days: string[]
  /** Rollup rows written. */
  rows: number
}

/**
 * Keeps the reports' daily rollup (`kapy_report_day`) and its watermark.
 *
 * The rule: the rollup holds every entry created before the watermark,
 * summed per UTC day, sales channel, currency and reason. A run moves the
 * watermark to `min(until, the database's clock) - kapy_report_late_margin()`
 * (10 minutes) and rolls the days from the old watermark's day to the new
 * one, and every day marked late before it, again from the ledger (a day's
 * rows are replaced, never added to: a run repeated changes nothing).
 *
 * Why no entry is lost: an entry is either written in time (within the
 * margin after its `created_at`: any entry `created_at`-stamped by the
 * database in a transaction that lasts less than the margin) or late, and
 * a late entry's trigger marks its day in the same transaction (one row
 * per day and transaction, so no mark is shared with a writer the job is
 * reading past). An entry written in time with `created_at` below the new
 * watermark was written before the run read the clock, so its transaction
 * held a lock on the ledger then: the run waits until every transaction
 * that held one at that moment has ended before it reads. A late entry
 * whose transaction commits after the run read its day leaves its mark,
 * and a report reads a marked day from the ledger until a run rolls it
 * again.
 */
export class ReportRollup {
  async roll(knex: Knex, options: { until?: Date; wait_ms?: number } = {}): Promise<RollResult> {
    const until = options.until ?? new Date()
    const { rows: cutRows } = await knex.raw(
      `SELECT date_trunc('milliseconds', LEAST(:until::timestamptz, clock_timestamp()) - kapy_report_late_margin())::text AS target`,
      { until }
    )
    const target: string = cutRows[0].target
    // every transaction that may hold an entry written in time below the target holds this lock now
    const { rows: writers } = await knex.raw(
      `SELECT DISTINCT virtualtransaction FROM pg_locks
        WHERE locktype = 'relation' AND mode = 'RowExclusiveLock'
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND relation = '${ENTRY}'::regclass AND pid IS DISTINCT FROM pg_backend_pid()`
    )
    const open = writers.map((w: { virtualtransaction: string }) => w.virtualtransaction)
    if (!(await this.waitForEnd(knex, open, options.wait_ms ?? 30_000))) {
      return { rolled: false, rolled_until: null, late_days: [], rows: 0 }
    }

    return await knex.transaction(async (trx) => {
      // one run at a time: a second waits here and then rolls from where the first left off
      await trx.raw(`INSERT INTO ${REPORT_WATERMARK} (id, rolled_until) VALUES ('ledger', '-infinity') ON CONFLICT (id) DO NOTHING`)
      const { rows: marks } = await trx.raw(
        `SELECT rolled_until::text AS w_old, GREATEST(rolled_until, :target::timestamptz)::text AS w_new
           FROM ${REPORT_WATERMARK} WHERE id = 'ledger' FOR UPDATE`,
        { target }
      )
      const { w_old, w_new } = marks[0] as { w_old: string; w_new: string }
      const { rows: lateRows } = await trx.raw(
        `DELETE FROM ${REPORT_LATE_DAY} WHERE (day::timestamp AT TIME ZONE 'UTC') < :w_new::timestamptz RETURNING day::text AS day`,
        { w_new }
      )
      const lateDays = [...new Set<string>(lateRows.map((r: { day: string }) => r.day))].sort()
      const bindings = { w_old, w_new, late: `{${lateDays.join(",")}}` }
      // the days to roll: from the old watermark's day to the new watermark, and each late day before that
      const ranges = `
        main AS (
          SELECT (date_trunc('day', :w_old::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS lo, :w_new::timestamptz AS hi
           WHERE :w_new::timestamptz > :w_old::timestamptz
        ), ranges AS (
          SELECT lo, hi FROM main
          UNION ALL
          SELECT d::timestamp AT TIME ZONE 'UTC', LEAST((d + 1)::timestamp AT TIME ZONE 'UTC', :w_new::timestamptz)
            FROM unnest(:late::date[]) d
           WHERE NOT EXISTS (SELECT 1 FROM main WHERE (d::timestamp AT TIME ZONE 'UTC') >= main.lo)
        )`
      await trx.raw(
        `WITH ${ranges}
         DELETE FROM ${REPORT_DAY} r USING ranges
          WHERE r.day >= (ranges.lo AT TIME ZONE 'UTC')::date AND (r.day::timestamp AT TIME ZONE 'UTC') < ranges.hi`,
        bindings
      )
      const inserted = await trx.raw(
        `WITH ${ranges}, scoped AS (${scopedEntries(
          { from: `ranges JOIN ${ENTRY} e ON e.created_at >= ranges.lo AND e.created_at < ranges.hi`, where: "TRUE" },
          "NULL"
        )})
         INSERT INTO ${REPORT_DAY} (day, sales_channel_id, currency_code, reason, entries, points, lifetime_delta, redeemed_delta)
         SELECT (created_at AT TIME ZONE 'UTC')::date, sales_channel_id, currency_code, reason,
                COUNT(*), SUM(points), SUM(lifetime_delta), SUM(redeemed_delta)
           FROM scoped
          GROUP BY 1, 2, 3, 4`,
        bindings
      )
      const { rows: after } = await trx.raw(
        `UPDATE ${REPORT_WATERMARK} SET rolled_until = :w_new::timestamptz, updated_at = now() WHERE id = 'ledger'
         RETURNING CASE WHEN rolled_until = '-infinity' THEN NULL ELSE rolled_until END AS rolled_until`,
        { w_new }
      )
      return {
        rolled: true,
        rolled_until: after[0].rolled_until ? new Date(after[0].rolled_until).toISOString() : null,
        late_days: lateDays,
        rows: inserted.rowCount ?? 0,
      }
    })
  }

  /**
   * Waits (polling the lock table) until none of the transactions `open`
   * is running; false if some still are after `ms`. Each transaction holds
   * the lock on its own virtual id until it ends.
   */
  private async waitForEnd(knex: Knex, open: string[], ms: number): Promise<boolean> {
    const deadline = Date.now() + ms
    let pending = open
    while (pending.length) {
      const { rows } = await knex.raw(
        `SELECT virtualxid FROM pg_locks WHERE locktype = 'virtualxid' AND virtualxid = ANY(string_to_array(:open, ','))`,
        { open: pending.join(",") }
      )
      pending = rows.map((r: { virtualxid: string }) => r.virtualxid)
      if (!pending.length) {
        return true
      }
      if (Date.now() > deadline) {
        return false
      }
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    return true
  }
}
