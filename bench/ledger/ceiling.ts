import { generateEntityId } from "@medusajs/framework/utils"
import { Pool, PoolClient } from "pg"
import { LEDGER_WRITE, ledgerWriteParams } from "../../src/modules/loyalty/ledger/ledger-store"
import { PointsMove, statementWrite } from "../../src/modules/loyalty/ledger/ledger-writer"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import type { LedgerSubject } from "./subjects"

/**
 * The ceiling: Kapy's writes and balance read as plain SQL through a `pg`
 * Pool, without Medusa, MikroORM, knex or the service around them. What a
 * Kapy figure loses against these is time spent outside PostgreSQL.
 *
 * Two ceilings, on Kapy's own tables and on accounts the module opened:
 *
 * - "Kapy's SQL": the very statement one Kapy earn / spend by account id
 *   sends (`kapy_ledger_write`, knex's compiled text, the parameters built
 *   by the module's own `statementWrite` / `ledgerWriteParams`, no
 *   transaction around it, as the module sends it). The bench checks at
 *   run time that this is what the module sent (`checkStatements`).
 * - "essential SQL": what a write needs as separate statements (the
 *   multi-statement write `kapy_ledger_write` replaced, at its floor): BEGIN,
 *   the account row locked (`SELECT … FOR UPDATE`, with the status and
 *   balance the checks read), the key-state lookup, the lot consume
 *   (spend), the totals UPDATE … RETURNING, the entry INSERT and the lot
 *   INSERT (earn), COMMIT: 7 round trips, the row lock held across 5. Kapy's
 *   one statement against it is what the round trips cost.
 *
 * The balance reads: Kapy's account query (with its identity sub-select)
 * and a bare primary-key read.
 */

/** knex's text of a raw query: its `?` numbered as pg's `$n`. */
function numbered(sql: string) {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

/** `LedgerStore.writeInOneStatement` */
const LEDGER_WRITE_SQL = numbered(LEDGER_WRITE)

/** `findAccountById`: the account row and its first Medusa customer. */
const ACCOUNT_ROW = `select "a".*, (SELECT i.external_id FROM kapy_account_identity i
             WHERE i.account_id = a.id AND i.provider = 'medusa' AND i.deleted_at IS NULL
             ORDER BY i.created_at, i.id LIMIT 1) AS customer_id from "kapy_account" as "a" where "a"."deleted_at" is null and "a"."id" = $1 limit $2`

/** The essential ceiling's lock: the row and what the write checks, in one statement. */
const LOCK_ROW = `SELECT status, points_balance FROM kapy_account WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`

/** `LedgerStore.findKeyState`, the lookup `kapy_ledger_write` makes too */
export const KEY_STATE = `SELECT e.*,
              EXISTS (SELECT 1 FROM kapy_ledger_entry v WHERE v.voids_entry_id = e.id AND v.deleted_at IS NULL) AS voided,
              (SELECT COUNT(*) FROM kapy_ledger_entry c WHERE c.idempotency_scope = e.idempotency_scope AND c.deleted_at IS NULL)::int AS attempts
         FROM kapy_ledger_entry e
        WHERE e.idempotency_scope = $1 AND e.deleted_at IS NULL
        ORDER BY e.created_at DESC, e.id DESC
        LIMIT 1`

/** `LedgerStore.consumeLots` without a preferred entry (and the function's) */
const CONSUME_LOTS = `WITH candidates AS (
         SELECT id, remaining, expires_at, created_at
           FROM kapy_points_lot
          WHERE account_id = $1 AND status = 'available' AND remaining > 0 AND deleted_at IS NULL
          ORDER BY expires_at ASC NULLS LAST, created_at ASC, id ASC
          LIMIT $2
       ), ordered AS (
         SELECT id, remaining,
                SUM(remaining) OVER (ORDER BY expires_at ASC NULLS LAST, created_at ASC, id ASC) AS running
           FROM candidates
       )
       UPDATE kapy_points_lot AS lot
          SET remaining = LEAST(o.remaining, GREATEST(0, o.running - $3)),
              updated_at = now()
         FROM ordered o
        WHERE lot.id = o.id AND o.running - o.remaining < $4
       RETURNING o.remaining - lot.remaining AS taken`

/** `LedgerStore.appendEntry`, first statement */
const UPDATE_TOTALS = `update "kapy_account" set "points_balance" = points_balance + $1, "points_pending" = points_pending + $2, "lifetime_points" = lifetime_points + $3, "lifetime_redeemed" = lifetime_redeemed + $4, "updated_at" = CURRENT_TIMESTAMP where "id" = $5 returning "points_balance", "points_pending"`

/** `LedgerStore.appendEntry`, second statement (knex sorts the columns) */
const INSERT_ENTRY = `insert into "kapy_ledger_entry" ("account_id", "actor_id", "actor_type", "available_delta", "balance_after", "currency_code", "id", "idempotency_key", "idempotency_scope", "lifetime_delta", "metadata", "note", "origin_entry_id", "pending_after", "pending_delta", "points", "reason", "redeemed_delta", "sales_channel_id", "source_id", "source_type", "voids_entry_id") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) returning *`

/** `LedgerStore.insertLot` */
const INSERT_LOT = `insert into "kapy_points_lot" ("account_id", "available_at", "entry_id", "expires_at", "id", "points", "remaining", "status") values ($1, $2, $3, $4, $5, $6, $7, $8)`

const BARE_BALANCE = `SELECT points_balance, points_pending FROM kapy_account WHERE id = $1`

export type CeilingKind = "kapy-sql" | "essential"

type Move = { reason: "order" | "redemption"; available: number; lifetime: number; redeemed: number }

/** Same keys as the Kapy subject's: unique per write. */
let keySeq = 0
function nextKey(prefix: string) {
  return `bench-ceiling-${prefix}-${process.pid}-${++keySeq}`
}

export type CeilingSubject = LedgerSubject & {
  /** The statements one earn and one spend send, for `checkStatements`. */
  recordStatements(work: () => Promise<void>): Promise<string[]>
}

export function ceilingSubject(
  kind: CeilingKind,
  pool: Pool,
  loyalty: LoyaltyModuleService
): CeilingSubject {
  let recording: string[] | null = null
  const run = (client: PoolClient, sql: string, params?: unknown[]) => {
    recording?.push(sql)
    return client.query(sql, params)
  }

  async function inTransaction(work: (client: PoolClient) => Promise<void>) {
    const client = await pool.connect()
    try {
      await run(client, "BEGIN;")
      await work(client)
      await run(client, "COMMIT;")
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }

  /** Kapy's statement: the move as the service describes an earn / spend of the bench's. */
  async function writeOneStatement(accountId: string, points: number, move: Move) {
    const actor = { actor_type: "system" as const, actor_id: "bench", source_type: null, source_id: null, note: null, sales_channel_id: null, currency_code: null, metadata: null }
    const described: PointsMove =
      move.available > 0
        ? { ...actor, type: "credit", reason: move.reason, points, pending: false, available_at: null, expires_at: null }
        : { ...actor, type: "debit", reason: move.reason, points: -points, redeemed: move.redeemed > 0, lifetime: move.lifetime < 0 }
    const client = await pool.connect()
    try {
      const { rows } = await run(client, LEDGER_WRITE_SQL, ledgerWriteParams(statementWrite(accountId, nextKey(move.reason), described)))
      if (rows[0].answer.outcome !== "written") {
        throw new Error(`ceiling: the write on ${accountId} answered ${JSON.stringify(rows[0].answer)}`)
      }
    } finally {
      client.release()
    }
  }

  async function write(accountId: string, points: number, move: Move) {
    if (kind === "kapy-sql") {
      return await writeOneStatement(accountId, points, move)
    }
    const key = nextKey(move.reason)
    await inTransaction(async (client) => {
      const { points_balance: balance, status } = (await run(client, LOCK_ROW, [accountId])).rows[0]
      if (status !== "active") {
        throw new Error(`ceiling: account ${accountId} is ${status}`)
      }
      const state = (await run(client, KEY_STATE, [key])).rows[0]
      if (state && !state.voided) {
        return // a replay: the key's change is done (never happens with the bench's unique keys)
      }
      const idempotencyKey = state ? `${key}#${state.attempts + 1}` : key
      if (move.available < 0) {
        const need = -move.available
        if (balance < need) {
          throw new Error(`ceiling: not enough points on ${accountId}`)
        }
        const taken = (await run(client, CONSUME_LOTS, [accountId, need, need, need])).rows.reduce(
          (sum: number, r: { taken: number }) => sum + Number(r.taken),
          0
        )
        if (taken !== need) {
          throw new Error(`ceiling: the lots of ${accountId} hold ${taken} of ${need}`)
        }
      }
      const totals = (await run(client, UPDATE_TOTALS, [move.available, 0, move.lifetime, move.redeemed, accountId])).rows[0]
      const entryId = generateEntityId(undefined, "kent")
      await run(client, INSERT_ENTRY, [
        accountId, "bench", "system", move.available, totals.points_balance, null, entryId, idempotencyKey, key,
        move.lifetime, null, null, null, totals.points_pending, 0, move.available, move.reason, move.redeemed,
        null, null, null, null,
      ])
      if (move.available > 0) {
        const remaining = move.available - Math.min(move.available, Math.max(0, -balance))
        await run(client, INSERT_LOT, [
          accountId, null, entryId, null, generateEntityId(undefined, "klot"), move.available, remaining, "available",
        ])
      }
    })
  }

  return {
    name: kind === "kapy-sql" ? "pg, Kapy's SQL" : "pg, essential SQL",
    async openAccount(owner) {
      return (await loyalty.retrieveOrCreateAccount(owner)).id
    },
    earn: (accountId, points) => write(accountId, points, { reason: "order", available: points, lifetime: points, redeemed: 0 }),
    spend: (accountId, points) => write(accountId, points, { reason: "redemption", available: -points, lifetime: 0, redeemed: points }),
    async balance(accountId) {
      const sql = kind === "kapy-sql" ? ACCOUNT_ROW : BARE_BALANCE
      const params = kind === "kapy-sql" ? [accountId, 1] : [accountId]
      const { rows } = await pool.query(sql, params)
      return rows[0].points_balance
    },
    async recordStatements(work) {
      recording = []
      try {
        await work()
        return recording
      } finally {
        recording = null
      }
    },
  }
}

/** Whitespace-insensitive, so a re-indented query in the module is no difference. */
export function normaliseSql(sql: string) {
  return sql.replace(/\s+/g, " ").trim()
}
