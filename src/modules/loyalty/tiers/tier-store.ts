import { generateEntityId } from "@medusajs/framework/utils"
import type { Transaction } from "../ledger/ledger-store"
import { ACCOUNT, ENTRY } from "../ledger/ledger-store"
import type { TierWindow } from "../../../rules/tiers"

export const TIER_QUALIFICATION = "kapy_tier_qualification"

/** The tier columns of an account, as the evaluation reads and writes them. */
export type AccountTierRow = {
  id: string
  tier_id: string | null
  tier_since: Date | null
  tier_expires_at: Date | null
  earned_tier_id: string | null
  earned_tier_since: Date | null
  earned_tier_expires_at: Date | null
  tier_override_id: string | null
  tier_override_until: Date | null
  tier_evaluated_at: Date | null
}

export type QualificationInsert = {
  account_id: string
  kind: "placed" | "reversed"
  source_type: string
  source_id: string
  idempotency_key: string
  spend: string | null
  amount: string
  currency_code: string
  orders: number
  occurred_at: Date
}

/** Recording what qualifies toward tiers. Every method takes the caller's transaction; none opens one. */
export class TierStore {
  /** Records a qualifying event once: a second insert with the same key does nothing. True when recorded now. */
  async insertQualification(trx: Transaction, row: QualificationInsert): Promise<boolean> {
    const spendRaw = row.spend === null ? null : JSON.stringify({ value: row.spend, precision: 20 })
    const result = await trx.raw(
      `INSERT INTO ${TIER_QUALIFICATION}
         (id, account_id, kind, source_type, source_id, idempotency_key, spend, raw_spend, amount, raw_amount,
          currency_code, orders, occurred_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?)
       ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING`,
      [
        generateEntityId(undefined, "ktq"),
        row.account_id,
        row.kind,
        row.source_type,
        row.source_id,
        row.idempotency_key,
        row.spend,
        spendRaw,
        row.amount,
        JSON.stringify({ value: row.amount, precision: 20 }),
        row.currency_code,
        row.orders,
        row.occurred_at,
      ]
    )
    return (result.rowCount ?? 0) > 0
  }

  /** `insertQualification` of many rows in one statement (each once by its key); the keys recorded now. */
  async insertQualifications(trx: Transaction, rows: QualificationInsert[]): Promise<Set<string>> {
    if (!rows.length) {
      return new Set()
    }
    const raw = (value: string | null) => (value === null ? null : JSON.stringify({ value, precision: 20 }))
    const result = await trx.raw(
      `INSERT INTO ${TIER_QUALIFICATION}
         (id, account_id, kind, source_type, source_id, idempotency_key, spend, raw_spend, amount, raw_amount,
          currency_code, orders, occurred_at)
       SELECT q.id, q.account_id, q.kind, q.source_type, q.source_id, q.idempotency_key, q.spend::numeric, q.raw_spend::jsonb,
              q.amount::numeric, q.raw_amount::jsonb, q.currency_code, q.orders, q.occurred_at
         FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                     ?::text[], ?::int[], ?::timestamptz[])
           AS q(id, account_id, kind, source_type, source_id, idempotency_key, spend, raw_spend, amount, raw_amount,
                currency_code, orders, occurred_at)
       ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING
       RETURNING idempotency_key`,
      [
        rows.map(() => generateEntityId(undefined, "ktq")),
        rows.map((r) => r.account_id),
        rows.map((r) => r.kind),
        rows.map((r) => r.source_type),
        rows.map((r) => r.source_id),
        rows.map((r) => r.idempotency_key),
        rows.map((r) => r.spend),
        rows.map((r) => raw(r.spend)),
        rows.map((r) => r.amount),
        rows.map((r) => raw(r.amount)),
        rows.map((r) => r.currency_code),
        rows.map((r) => r.orders),
        rows.map((r) => r.occurred_at),
      ] as any
    )
    return new Set(result.rows.map((r: { idempotency_key: string }) => r.idempotency_key))
  }
}

export const TIER = "kapy_tier"
export const EARLY_ACCESS = "kapy_early_access"

const TIER_COLUMNS = [
  "id",
  "tier_id",
  "tier_since",
  "tier_expires_at",
  "earned_tier_id",
  "earned_tier_since",
  "earned_tier_expires_at",
  "tier_override_id",
  "tier_override_until",
  "tier_evaluated_at",
] as const

export type QualifyingTotalsRow = { account_id: string; spend: string; orders: number; points: number }

/** Set-based reads and writes of many accounts' tiers at once: the job, the CLI and the benchmark. */
export class TierBatchStore {
  /**
   * Locks the tier columns of these accounts (live ones only), in id order,
   * skipping rows another worker holds when `skipLocked`: two workers
   * evaluating at once split the accounts between them.
   */
  async lockTierStates(trx: Transaction, ids: string[], skipLocked = false): Promise<AccountTierRow[]> {
    if (!ids.length) {
      return []
    }
    const query = trx(ACCOUNT)
      .select(...TIER_COLUMNS)
      .whereIn("id", ids)
      .whereNull("deleted_at")
      .whereNot("status", "merged")
      .orderBy("id")
      .forUpdate()
    return skipLocked ? await query.skipLocked() : await query
  }

  /**
   * Live accounts after `afterId` in id order, `limit` of them: the CLI's and
   * the benchmark's pages over every account (keyset, so each page is one
   * index range read).
   */
  async accountIdsAfter(knex: Transaction, afterId: string | null, limit: number): Promise<string[]> {
    const rows = await knex(ACCOUNT)
      .select("id")
      .whereNull("deleted_at")
      .whereNot("status", "merged")
      .modify((q) => {
        if (afterId) {
          q.where("id", ">", afterId)
        }
      })
      .orderBy("id")
      .limit(limit)
    return rows.map((r: { id: string }) => r.id)
  }

  /**
   * Accounts whose tier may have to change at `now` without anything new
   * happening to them, locked (SKIP LOCKED: another worker's rows are left
   * to it), `limit` at most:
   * - a pending downgrade's grace period ended (`earned_tier_expires_at`),
   * - the held tier's end passed (`tier_expires_at`: a grace end or an override's end),
   * - an override ended (`tier_override_until`),
   * - qualifying history fell out of the window since the last evaluation
   *   (only accounts above the entry tier can lose a tier by that; each
   *   checked by the (account_id, occurred_at) index).
   * Accounts evaluated at `now` already are left out, so a run ends, and a
   * second run at the same moment finds nothing. Each call looks through
   * the next `scan` accounts after `afterId` (primary-key order) and
   * returns where the next call starts (`last_id`, null at the end), so a
   * run reads the table once.
   */
  async lockDueAccounts(
    trx: Transaction,
    input: {
      now: Date
      window: TierWindow
      entryTierId: string | null
      metric: string
      limit: number
      afterId?: string | null
      /** How many accounts (in id order) one call looks through at most. */
      scan?: number
    }
  ): Promise<{ rows: AccountTierRow[]; last_id: string | null }> {
    const evaluatedWindowStart = windowStartSql(input.window, "a.tier_evaluated_at")
    const nowWindowStart = windowStartSql(input.window, "?::timestamptz")
    const moved =
      evaluatedWindowStart && nowWindowStart
        ? input.metric === "points"
          ? `EXISTS (SELECT 1 FROM ${ENTRY} e WHERE e.account_id = a.id AND e.deleted_at IS NULL
                       AND e.created_at >= ${evaluatedWindowStart} AND e.created_at < ${nowWindowStart})`
          : `EXISTS (SELECT 1 FROM ${TIER_QUALIFICATION} q WHERE q.account_id = a.id AND q.deleted_at IS NULL
                       AND q.occurred_at >= ${evaluatedWindowStart} AND q.occurred_at < ${nowWindowStart})`
        : "false"
    const after = input.afterId ?? ""
    // the range this call looks through: the next `scan` accounts by primary key, so that
    // a run reads the table once however the due accounts are spread
    const bound = await trx.raw(
      `SELECT max(id) AS hi FROM (SELECT id FROM ${ACCOUNT} WHERE id > ? ORDER BY id LIMIT ?) r`,
      [after, Math.max(input.limit, input.scan ?? input.limit * 10)]
    )
    const hi: string | null = bound.rows[0]?.hi ?? null
    if (!hi) {
      return { rows: [], last_id: null }
    }
    const result = await trx.raw(
      `SELECT ${TIER_COLUMNS.map((c) => `a.${c}`).join(", ")}
         FROM ${ACCOUNT} a
        WHERE a.id > ? AND a.id <= ? AND a.deleted_at IS NULL AND a.status <> 'merged'
          AND (a.tier_evaluated_at IS NULL OR a.tier_evaluated_at < ?)
          AND (a.earned_tier_expires_at <= ? OR a.tier_expires_at <= ? OR a.tier_override_until <= ?
               OR (a.earned_tier_id IS NOT NULL AND a.earned_tier_id IS DISTINCT FROM ?
                   AND a.tier_evaluated_at IS NOT NULL AND ${moved}))
        ORDER BY a.id
        LIMIT ?
        FOR UPDATE OF a SKIP LOCKED`,
      [
        after,
        hi,
        input.now,
        input.now,
        input.now,
        input.now,
        input.entryTierId,
        ...(moved === "false" ? [] : [input.now]),
        input.limit,
      ]
    )
    const rows: AccountTierRow[] = result.rows
    // a full batch may leave due accounts in the range: the next call starts after its last one
    return { rows, last_id: rows.length === input.limit ? rows[rows.length - 1].id : hi }
  }

  /**
   * Qualifying totals of many accounts in one statement per table: recorded
   * spend and orders since `since` (all time when null), with those of
   * accounts merged into each; points earned (net of reversals, adjustments
   * only when `countAdjustments`) only when `withPoints`.
   */
  async qualifyingTotals(
    trx: Transaction,
    ids: string[],
    since: Date | null,
    { countAdjustments, withPoints }: { countAdjustments: boolean; withPoints: boolean }
  ): Promise<Map<string, QualifyingTotalsRow>> {
    const totals = new Map<string, QualifyingTotalsRow>(
      ids.map((id) => [id, { account_id: id, spend: "0", orders: 0, points: 0 }])
    )
    if (!ids.length) {
      return totals
    }
    // two index reads (primary key, merged_into_id), not an OR the planner would answer with a scan
    const members = `SELECT id, id AS owner FROM ${ACCOUNT} WHERE id = ANY(?::text[])
                     UNION ALL
                     SELECT id, merged_into_id AS owner FROM ${ACCOUNT} WHERE merged_into_id IS NOT NULL AND deleted_at IS NULL AND merged_into_id = ANY(?::text[])`
    // per member a range read of the (account_id, occurred_at) index (LATERAL: a nested loop, never a scan
    // of the whole table); the window's start is left out of the SQL when there is none
    const window = since ? "AND occurred_at >= ?" : ""
    // A page of accounts is a few hundred index reads: PostgreSQL would plan it in parallel on a large
    // table and start workers for every page (60–390 ms against 4–6 ms serial). Parallel plans are off
    // for these reads only, and the transaction's setting is put back after them.
    const serial = ids.length > 1
    const prior = serial
      ? (await trx.raw(`SELECT current_setting('max_parallel_workers_per_gather') AS v, set_config('max_parallel_workers_per_gather', '0', true)`)).rows[0].v
      : null
    const spend = await trx.raw(
      `SELECT m.owner AS account_id, COALESCE(SUM(q.spend), 0)::text AS spend,
              GREATEST(COALESCE(SUM(q.orders), 0), 0)::int AS orders
         FROM (${members}) m
         CROSS JOIN LATERAL (SELECT spend, orders FROM ${TIER_QUALIFICATION}
                              WHERE account_id = m.id AND deleted_at IS NULL ${window}) q
        GROUP BY m.owner`,
      since ? [ids, ids, since] : [ids, ids]
    )
    for (const row of spend.rows) {
      Object.assign(totals.get(row.account_id) ?? {}, { spend: row.spend, orders: row.orders })
    }
    if (withPoints) {
      const entryWindow = since ? "AND created_at >= ?" : ""
      const points = await trx.raw(
        `SELECT m.owner AS account_id, COALESCE(SUM(e.lifetime_delta), 0)::int AS points
           FROM (${members}) m
           CROSS JOIN LATERAL (SELECT lifetime_delta FROM ${ENTRY}
                                WHERE account_id = m.id AND deleted_at IS NULL AND reason <> 'merge'
                                  ${countAdjustments ? "" : "AND reason <> 'adjustment'"} ${entryWindow}) e
          GROUP BY m.owner`,
        since ? [ids, ids, since] : [ids, ids]
      )
      for (const row of points.rows) {
        Object.assign(totals.get(row.account_id) ?? {}, { points: row.points })
      }
    }
    if (serial) {
      await trx.raw(`SELECT set_config('max_parallel_workers_per_gather', ?, true)`, [prior])
    }
    return totals
  }

  /** Writes many accounts' tier columns in one statement. */
  async updateTierStates(trx: Transaction, rows: (Omit<AccountTierRow, "tier_override_id" | "tier_override_until"> & { clear_override: boolean })[]) {
    if (!rows.length) {
      return
    }
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k] ?? null)
    await trx.raw(
      `UPDATE ${ACCOUNT} a SET
          tier_id = v.tier_id, tier_since = v.tier_since, tier_expires_at = v.tier_expires_at,
          earned_tier_id = v.earned_tier_id, earned_tier_since = v.earned_tier_since,
          earned_tier_expires_at = v.earned_tier_expires_at, tier_evaluated_at = v.tier_evaluated_at,
          tier_override_id = CASE WHEN v.clear_override THEN NULL ELSE a.tier_override_id END,
          tier_override_until = CASE WHEN v.clear_override THEN NULL ELSE a.tier_override_until END,
          tier_override_reason = CASE WHEN v.clear_override THEN NULL ELSE a.tier_override_reason END,
          tier_override_by = CASE WHEN v.clear_override THEN NULL ELSE a.tier_override_by END,
          updated_at = now()
         FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::timestamptz[],
                     ?::timestamptz[], ?::timestamptz[], ?::boolean[])
           AS v(id, tier_id, tier_since, tier_expires_at, earned_tier_id, earned_tier_since,
                earned_tier_expires_at, tier_evaluated_at, clear_override)
        WHERE a.id = v.id AND a.id = ANY(?::text[])`,
      [
        col("id"),
        col("tier_id"),
        col("tier_since"),
        col("tier_expires_at"),
        col("earned_tier_id"),
        col("earned_tier_since"),
        col("earned_tier_expires_at"),
        col("tier_evaluated_at"),
        col("clear_override"),
        col("id"),
      ] as any
    )
  }

  /** Sets or ends an admin's override on a locked account. */
  async setOverride(
    trx: Transaction,
    accountId: string,
    override: { tier_id: string; until: Date | null; reason: string; by: string | null } | null
  ) {
    await trx(ACCOUNT)
      .where({ id: accountId })
      .update({
        tier_override_id: override?.tier_id ?? null,
        tier_override_until: override?.until ?? null,
        tier_override_reason: override?.reason ?? null,
        tier_override_by: override?.by ?? null,
        updated_at: new Date(),
      })
  }

  /** The spend already recorded as reversed for a source, in the paid currency. */
  async reversedAmount(trx: Transaction, accountId: string, sourceType: string, sourceId: string) {
    const row = await trx(TIER_QUALIFICATION)
      .where({ account_id: accountId, source_type: sourceType, source_id: sourceId, kind: "reversed", deleted_at: null })
      .select(trx.raw("COALESCE(SUM(amount), 0)::text AS amount"), trx.raw("COALESCE(SUM(orders), 0)::int AS orders"))
      .first()
    return { amount: row?.amount ?? "0", orders: Number(row?.orders ?? 0) }
  }

  /** Accounts holding, having earned or overridden to `tierId`: a deleted tier's holders. */
  async holdersOf(knex: Transaction, tierId: string): Promise<string[]> {
    const rows = await knex(ACCOUNT)
      .select("id")
      .whereNull("deleted_at")
      .where((q) => q.where("tier_id", tierId).orWhere("earned_tier_id", tierId).orWhere("tier_override_id", tierId))
    return rows.map((r: { id: string }) => r.id)
  }

  /** Sets a product's early access, replacing the one it had. */
  async replaceEarlyAccess(
    trx: Transaction,
    input: { product_id: string; tier_ids: string[]; until: Date; created_by: string | null }
  ) {
    await trx(EARLY_ACCESS).where({ product_id: input.product_id, deleted_at: null }).update({ deleted_at: new Date() })
    const [row] = await trx(EARLY_ACCESS)
      .insert({ id: generateEntityId(undefined, "kear"), ...input, tier_ids: JSON.stringify(input.tier_ids) })
      .returning(["id", "product_id", "tier_ids", "until", "created_by", "created_at"])
    return row as { id: string; product_id: string; tier_ids: string[]; until: Date; created_by: string | null; created_at: Date }
  }

  /** Early-access restrictions running at `now`, of these products (all when omitted). */
  async runningEarlyAccess(knex: Transaction, now: Date, productIds?: string[]): Promise<{ product_id: string; tier_ids: string[] }[]> {
    return await knex(EARLY_ACCESS)
      .select("product_id", "tier_ids")
      .whereNull("deleted_at")
      .where("until", ">", now)
      .modify((q) => {
        if (productIds) {
          q.whereIn("product_id", productIds)
        }
      })
  }

  /** Deletes what was recorded under an idempotency key (a failed workflow's compensation). */
  async deleteQualification(trx: Transaction, idempotencyKey: string) {
    await trx(TIER_QUALIFICATION).where({ idempotency_key: idempotencyKey, deleted_at: null }).update({ deleted_at: new Date() })
  }
}

/** `tierWindowStart` in SQL, of a timestamp expression; null for a lifetime window (nothing moves). */
export function windowStartSql(window: TierWindow, column: string): string | null {
  switch (window) {
    case "rolling_12_months":
      return `(${column} - interval '1 year')`
    case "calendar_year":
      return `(date_trunc('year', ${column} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`
    default:
      return null
  }
}
