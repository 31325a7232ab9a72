import { generateEntityId } from "@medusajs/framework/utils"
import { addMonthsUTC } from "../../../rules/expiry"
import type { ExpirySettings } from "../../../rules/expiry"
import { ACCOUNT, ENTRY, LOT, Transaction } from "../ledger/ledger-store"

export const EXPIRY_NOTICE = "kapy_expiry_notice"

/** Expiry settings that run: a mode, months and a clock. */
export type ActiveExpiry = ExpirySettings & { mode: "per_lot" | "inactivity"; months: number; since: string }

export type ExpiryNoticeRow = {
  id: string
  account_id: string
  kind: "warning"
  notice_key: string
  lot_id: string | null
  expires_at: Date
  points: number
  created_at: Date
}

/** An `expiry` entry to write, with the balance after it computed under the lock. */
export type ExpiryDraft = {
  account_id: string
  reason: "expiry"
  points: number
  available_delta: number
  pending_delta: number
  balance_after: number
  pending_after: number
  idempotency_key: string
  source_type: string
  source_id: string
  origin_entry_id?: string | null
  sales_channel_id?: string | null
  currency_code?: string | null
  metadata: { mode: "per_lot" | "inactivity"; expired_at: string; lot_id?: string }
}

/** A written `expiry` entry (the ledger's row) and when its points were due. */
export type ExpiredEntryRow = ExpiryDraft & { id: string; created_at: Date; expired_at: Date }

/** Days of slack between "created_at + months <= now" and its index-friendly prefilter (month ends). */
const PREFILTER_DAYS = 4
const DAY_MS = 86_400_000

/**
 * The SQL moment a lot expires in `per_lot` mode (src/rules/expiry.ts
 * `lotExpiresAt`): its own `expires_at`, else `months` after the later of
 * its creation and the clock's start, counted in UTC calendar months.
 * Bindings: since, months.
 */
export const LOT_EXPIRES_AT = `COALESCE(l.expires_at,
  ((GREATEST(l.created_at, ?::timestamptz) AT TIME ZONE 'UTC') + make_interval(months => ?)) AT TIME ZONE 'UTC')`

/**
 * The moment an account's inactivity clock runs from (`inactivityClock`):
 * the latest of its creation, the clock's start and its last purchase (an
 * order or a points payment, on it or an account merged into it).
 * Binding: since.
 */
const INACTIVITY_CLOCK = `GREATEST(a.created_at, ?::timestamptz,
  (SELECT MAX(e.created_at) FROM ${ENTRY} e
    WHERE e.reason IN ('order', 'redemption') AND e.deleted_at IS NULL
      AND (e.account_id = a.id OR e.account_id IN (SELECT m.id FROM ${ACCOUNT} m WHERE m.merged_into_id = a.id))))`

/** `clock` plus months in UTC (`addMonthsUTC`). Binding: months. */
export const plusMonths = (clock: string) =>
  `(((${clock}) AT TIME ZONE 'UTC') + make_interval(months => ?)) AT TIME ZONE 'UTC'`

/**
 * Expiry's SQL: finding what is due, expiring it set-based under the
 * accounts' locks, and the warnings. Every method takes the caller's
 * transaction; none opens one.
 */
export class ExpiryStore {
  /**
   * Accounts holding something due to expire at `now`, without locking
   * (the expiry re-checks under the lock). `exclude`: accounts another
   * worker held in this run.
   */
  async findDueAccounts(knex: Transaction, expiry: ActiveExpiry, now: Date, limit: number, exclude: string[]): Promise<string[]> {
    if (expiry.mode === "per_lot") {
      const computedDue = addMonthsUTC(new Date(expiry.since), expiry.months) <= now
      const prefilter = new Date(addMonthsUTC(now, -expiry.months).getTime() + PREFILTER_DAYS * DAY_MS)
      const result = await knex.raw(
        `SELECT DISTINCT account_id FROM (
           (SELECT l.account_id FROM ${LOT} l
             WHERE l.status = 'available' AND l.remaining > 0 AND l.deleted_at IS NULL
               AND l.expires_at IS NULL AND ? AND l.created_at <= ?
               AND ${LOT_EXPIRES_AT} <= ? AND l.account_id <> ALL(?)
             LIMIT ?)
           UNION ALL
           (SELECT l.account_id FROM ${LOT} l
             WHERE l.status = 'available' AND l.remaining > 0 AND l.deleted_at IS NULL
               AND l.expires_at IS NOT NULL AND l.expires_at <= ? AND l.account_id <> ALL(?)
             LIMIT ?)
         ) due LIMIT ?`,
        [computedDue, prefilter, expiry.since, expiry.months, now, exclude, limit * 4, now, exclude, limit * 4, limit]
      )
      return result.rows.map((r: { account_id: string }) => r.account_id)
    }
    const result = await knex.raw(
      `SELECT a.id FROM ${ACCOUNT} a
        WHERE a.status = 'active' AND a.deleted_at IS NULL AND a.points_balance > 0 AND a.id <> ALL(?)
          AND ${plusMonths(INACTIVITY_CLOCK)} <= ?
        ORDER BY a.id
        LIMIT ?`,
      [exclude, expiry.since, expiry.months, now, limit]
    )
    return result.rows.map((r: { id: string }) => r.id)
  }

  /**
   * Locks those of `accountIds` that no other transaction holds (SKIP
   * LOCKED: a second worker takes other accounts instead of waiting) and
   * that are active. Returns their balances as locked.
   */
  async lockAccountsSkipLocked(trx: Transaction, accountIds: string[]) {
    const result = await trx.raw(
      `SELECT id, points_balance, points_pending FROM ${ACCOUNT}
        WHERE id = ANY(?) AND status = 'active' AND deleted_at IS NULL
        ORDER BY id
        FOR UPDATE SKIP LOCKED`,
      [accountIds]
    )
    return result.rows as { id: string; points_balance: number; points_pending: number }[]
  }

  /**
   * The lots of locked accounts due at `now`, locked, in the order they
   * expire: each account's soonest first. Per lot: what is left of it and
   * when it expired (per_lot), or every available lot of an account whose
   * inactivity clock ran out, with the account's expiry moment.
   */
  async lockDueLots(trx: Transaction, expiry: ActiveExpiry, accountIds: string[], now: Date) {
    if (expiry.mode === "per_lot") {
      const result = await trx.raw(
        `SELECT l.id, l.account_id, l.entry_id, l.remaining, ${LOT_EXPIRES_AT} AS expires_at,
                e.sales_channel_id, e.currency_code
           FROM ${LOT} l JOIN ${ENTRY} e ON e.id = l.entry_id
          WHERE l.account_id = ANY(?) AND l.status = 'available' AND l.remaining > 0 AND l.deleted_at IS NULL
            AND ${LOT_EXPIRES_AT} <= ?
          ORDER BY l.account_id, 5, l.created_at, l.id
          FOR UPDATE OF l`,
        [expiry.since, expiry.months, accountIds, expiry.since, expiry.months, now]
      )
      return result.rows as DueLot[]
    }
    const result = await trx.raw(
      `WITH due AS (
         SELECT a.id, ${plusMonths(INACTIVITY_CLOCK)} AS expires_at
           FROM ${ACCOUNT} a WHERE a.id = ANY(?)
       )
       SELECT l.id, l.account_id, l.entry_id, l.remaining, due.expires_at, NULL AS sales_channel_id, NULL AS currency_code
         FROM ${LOT} l JOIN due ON due.id = l.account_id
        WHERE due.expires_at <= ? AND l.status = 'available' AND l.remaining > 0 AND l.deleted_at IS NULL
        ORDER BY l.account_id, l.created_at, l.id
        FOR UPDATE OF l`,
      [expiry.since, expiry.months, accountIds, now]
    )
    return result.rows as DueLot[]
  }

  /** Which of these idempotency keys the ledger already holds. */
  async existingKeys(trx: Transaction, keys: string[]): Promise<Set<string>> {
    if (!keys.length) {
      return new Set()
    }
    const rows = await trx(ENTRY).whereIn("idempotency_key", keys).whereNull("deleted_at").select("idempotency_key")
    return new Set(rows.map((r: { idempotency_key: string }) => r.idempotency_key))
  }

  /**
   * Writes the expiry entries, takes their points from the lots and the
   * accounts' balances: three statements whatever the batch's size. The
   * caller holds the accounts' and lots' locks and computed each entry's
   * balance after it.
   */
  async writeExpiries(
    trx: Transaction,
    entries: ExpiryDraft[],
    lotTakes: { lot_id: string; take: number }[]
  ): Promise<ExpiredEntryRow[]> {
    if (!entries.length) {
      return []
    }
    const rows = entries.map((e) => ({
      id: generateEntityId(undefined, "kent"),
      account_id: e.account_id,
      reason: "expiry",
      points: e.points,
      available_delta: e.available_delta,
      pending_delta: 0,
      lifetime_delta: 0,
      redeemed_delta: 0,
      balance_after: e.balance_after,
      pending_after: e.pending_after,
      idempotency_key: e.idempotency_key,
      idempotency_scope: e.idempotency_key,
      source_type: e.source_type,
      source_id: e.source_id,
      origin_entry_id: e.origin_entry_id ?? null,
      actor_type: "system",
      actor_id: "kapy-expire-points",
      note: null,
      sales_channel_id: e.sales_channel_id ?? null,
      currency_code: e.currency_code ?? null,
      metadata: JSON.stringify(e.metadata),
    }))
    const inserted = await trx(ENTRY).insert(rows).returning("*")
    const takes = lotTakes.filter((t) => t.take > 0)
    if (takes.length) {
      await trx.raw(
        `UPDATE ${LOT} AS l SET remaining = l.remaining - v.take, updated_at = now()
           FROM (SELECT * FROM unnest(?::text[], ?::int[]) AS t(id, take)) v
          WHERE l.id = v.id`,
        [takes.map((t) => t.lot_id), takes.map((t) => t.take)]
      )
    }
    const perAccount = new Map<string, number>()
    for (const e of entries) {
      perAccount.set(e.account_id, (perAccount.get(e.account_id) ?? 0) + -e.available_delta)
    }
    await trx.raw(
      `UPDATE ${ACCOUNT} AS a SET points_balance = a.points_balance - v.total, updated_at = now()
         FROM (SELECT * FROM unnest(?::text[], ?::int[]) AS t(id, total)) v
        WHERE a.id = v.id`,
      [[...perAccount.keys()], [...perAccount.values()]]
    )
    return inserted.map((row: any) => ({ ...row, expired_at: new Date(row.metadata?.expired_at) }))
  }

  /**
   * Records the warnings due at `now` that were not recorded yet, set-based:
   * per lot expiring within `warning_days` (per_lot), or per account whose
   * inactivity clock ends within them. The unique notice key makes each
   * warning once however many workers run; only the rows this call
   * inserted are returned, for their events.
   */
  async recordDueWarnings(trx: Transaction, expiry: ActiveExpiry, now: Date, limit: number): Promise<ExpiryNoticeRow[]> {
    const horizon = new Date(now.getTime() + expiry.warning_days * DAY_MS)
    if (expiry.mode === "per_lot") {
      const prefilter = new Date(addMonthsUTC(horizon, -expiry.months).getTime() + PREFILTER_DAYS * DAY_MS)
      const result = await trx.raw(
        `INSERT INTO ${EXPIRY_NOTICE} (id, account_id, kind, notice_key, lot_id, expires_at, points)
         SELECT 'kexn_' || upper(substr(md5(random()::text || d.id), 1, 26)), d.account_id, 'warning',
                'warning:lot:' || d.id, d.id, d.expires_at, d.remaining
           FROM (SELECT l.id, l.account_id, l.remaining, ${LOT_EXPIRES_AT} AS expires_at
                   FROM ${LOT} l
                  WHERE l.status = 'available' AND l.remaining > 0 AND l.deleted_at IS NULL
                    AND (l.expires_at IS NOT NULL OR l.created_at <= ?)
                    AND NOT EXISTS (SELECT 1 FROM ${EXPIRY_NOTICE} n WHERE n.notice_key = 'warning:lot:' || l.id)) d
          WHERE d.expires_at > ? AND d.expires_at <= ?
          ORDER BY d.expires_at, d.id
          LIMIT ?
         ON CONFLICT (notice_key) DO NOTHING
         RETURNING *`,
        [expiry.since, expiry.months, prefilter, now, horizon, limit]
      )
      return result.rows
    }
    const result = await trx.raw(
      `INSERT INTO ${EXPIRY_NOTICE} (id, account_id, kind, notice_key, lot_id, expires_at, points)
       SELECT 'kexn_' || upper(substr(md5(random()::text || d.id), 1, 26)), d.id, 'warning',
              'warning:account:' || d.id || ':' || to_char(d.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS'),
              NULL, d.expires_at, d.points_balance
         FROM (SELECT a.id, a.points_balance, ${plusMonths(INACTIVITY_CLOCK)} AS expires_at
                 FROM ${ACCOUNT} a
                WHERE a.status = 'active' AND a.deleted_at IS NULL AND a.points_balance > 0) d
        WHERE d.expires_at > ? AND d.expires_at <= ?
          AND NOT EXISTS (SELECT 1 FROM ${EXPIRY_NOTICE} n
                           WHERE n.notice_key = 'warning:account:' || d.id || ':' || to_char(d.expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS'))
        ORDER BY d.expires_at, d.id
        LIMIT ?
       ON CONFLICT (notice_key) DO NOTHING
       RETURNING *`,
      [expiry.since, expiry.months, now, horizon, limit]
    )
    return result.rows
  }

  /** The account's next expiry after `now`: its moment and the points expiring on that day (UTC). */
  async nextExpiry(knex: Transaction, expiry: ActiveExpiry, accountId: string, now: Date): Promise<{ date: Date; points: number } | null> {
    if (expiry.mode === "per_lot") {
      const result = await knex.raw(
        `WITH lots AS (
           SELECT l.remaining, ${LOT_EXPIRES_AT} AS expires_at
             FROM ${LOT} l
            WHERE l.account_id = ? AND l.status = 'available' AND l.remaining > 0 AND l.deleted_at IS NULL
         ), first AS (SELECT MIN(expires_at) AS at FROM lots WHERE expires_at > ?)
         SELECT first.at AS date, COALESCE(SUM(lots.remaining), 0)::int AS points
           FROM first LEFT JOIN lots
             ON (lots.expires_at AT TIME ZONE 'UTC')::date = (first.at AT TIME ZONE 'UTC')::date
          WHERE first.at IS NOT NULL
          GROUP BY first.at`,
        [expiry.since, expiry.months, accountId, now]
      )
      const row = result.rows[0]
      return row ? { date: new Date(row.date), points: Number(row.points) } : null
    }
    const result = await knex.raw(
      `SELECT ${plusMonths(INACTIVITY_CLOCK)} AS date, a.points_balance AS points
         FROM ${ACCOUNT} a WHERE a.id = ? AND a.points_balance > 0`,
      [expiry.since, expiry.months, accountId]
    )
    const row = result.rows[0]
    return row && new Date(row.date) > now ? { date: new Date(row.date), points: Number(row.points) } : null
  }
}

export type DueLot = {
  id: string
  account_id: string
  entry_id: string
  remaining: number
  expires_at: Date
  sales_channel_id: string | null
  currency_code: string | null
}
