import { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import { AccountTotals, creditLotRemaining, EntryDeltas } from "../../../rules/ledger"
import type { LedgerActorType, LedgerReason, LoyaltyAccountDTO } from "../../../types/loyalty"

/** What the ledger reads of an account: its id and stored balances. */
type AccountRow = Omit<LoyaltyAccountDTO, "tier_override">

export type Transaction = Knex | Knex.Transaction

export const ACCOUNT = "kapy_account"
export const ENTRY = "kapy_ledger_entry"
export const LOT = "kapy_points_lot"

export type EntryDraft = {
  reason: LedgerReason
  available_delta: number
  pending_delta: number
  lifetime_delta: number
  redeemed_delta: number
  idempotency_key: string
  /** default: the key */
  idempotency_scope?: string
  voids_entry_id?: string | null
  source_type?: string | null
  source_id?: string | null
  origin_entry_id?: string | null
  actor_type: LedgerActorType
  actor_id?: string | null
  note?: string | null
  sales_channel_id?: string | null
  currency_code?: string | null
  metadata?: Record<string, unknown> | null
}

export type EntryRow = EntryDraft & {
  id: string
  account_id: string
  idempotency_scope: string
  points: number
  balance_after: number
  pending_after: number
  created_at: Date
}

/** A lot as the bulk path stores it (its id is made on insert). */
export type LotRecord = {
  account_id: string
  entry_id: string
  status: "pending" | "available"
  points: number
  remaining: number
  available_at?: Date | null
  expires_at?: Date | null
}

/** Rows per multi-row INSERT: well under PostgreSQL's 65 535 bind parameters. */
const BULK_SLICE = 1000

/** The stored row of an entry of `draft` on `accountId`, with the balances after it. */
export function entryRecord(id: string, accountId: string, draft: EntryDraft, after: { balance_after: number; pending_after: number }) {
  return {
    id,
    account_id: accountId,
    reason: draft.reason,
    points: draft.available_delta + draft.pending_delta,
    available_delta: draft.available_delta,
    pending_delta: draft.pending_delta,
    lifetime_delta: draft.lifetime_delta,
    redeemed_delta: draft.redeemed_delta,
    balance_after: after.balance_after,
    pending_after: after.pending_after,
    idempotency_key: draft.idempotency_key,
    idempotency_scope: draft.idempotency_scope ?? draft.idempotency_key,
    voids_entry_id: draft.voids_entry_id ?? null,
    source_type: draft.source_type ?? null,
    source_id: draft.source_id ?? null,
    origin_entry_id: draft.origin_entry_id ?? null,
    actor_type: draft.actor_type,
    actor_id: draft.actor_id ?? null,
    note: draft.note ?? null,
    sales_channel_id: draft.sales_channel_id ?? null,
    currency_code: draft.currency_code ?? null,
    metadata: draft.metadata ? JSON.stringify(draft.metadata) : null,
  }
}

/**
 * One earn or spend as `kapy_ledger_write` takes it (Migration20261208000100):
 * the account named, the key, the change a replay must have recorded, the
 * points a debit takes from the lots (null for a credit), the entry as the
 * rules computed it (id, reason, deltas, who and why) and a credit's lot.
 */
export type StatementWrite = {
  account_id: string
  scope: string
  expected: number | null
  take: number | null
  entry: Omit<EntryDraft, "idempotency_key" | "idempotency_scope"> & { id: string }
  lot: { id: string; status: "pending" | "available"; available_at: Date | null; expires_at: Date | null } | null
}

/** What `kapy_ledger_write` answers: the write or its replay, or why it refused. */
export type StatementAnswer =
  | { outcome: "written" | "replayed"; entry: EntryRow; account: StoredAccount }
  | { outcome: "not_found" | "merge_loop" | "another_account" }
  | { outcome: "closed"; account_id: string }
  | { outcome: "key_reused"; recorded: number }
  | { outcome: "short"; balance: number }

/** The account row as the statement returns it: every column, and its first Medusa customer. */
type StoredAccount = AccountRow & Record<string, unknown>

/**
 * The single write's statement, as knex sends it (bench/ledger replays it).
 * One round trip: outside a transaction it is its own, and the account's
 * row lock ends with it.
 */
export const LEDGER_WRITE = `SELECT kapy_ledger_write(?, ?, ?, ?, ?::jsonb, ?::jsonb) AS answer`

/** The parameters of `LEDGER_WRITE`, in order. */
export function ledgerWriteParams(write: StatementWrite) {
  const { entry, lot } = write
  return [
    write.account_id,
    write.scope,
    write.expected,
    write.take,
    JSON.stringify({
      id: entry.id,
      reason: entry.reason,
      available_delta: entry.available_delta,
      pending_delta: entry.pending_delta,
      lifetime_delta: entry.lifetime_delta,
      redeemed_delta: entry.redeemed_delta,
      voids_entry_id: entry.voids_entry_id ?? null,
      source_type: entry.source_type ?? null,
      source_id: entry.source_id ?? null,
      origin_entry_id: entry.origin_entry_id ?? null,
      actor_type: entry.actor_type,
      actor_id: entry.actor_id ?? null,
      note: entry.note ?? null,
      sales_channel_id: entry.sales_channel_id ?? null,
      currency_code: entry.currency_code ?? null,
      metadata: entry.metadata ?? null,
    }),
    lot ? JSON.stringify(lot) : null,
  ]
}

/** SQLSTATE of `kapy_ledger_write`'s one raised error: the lots hold less than the balance (DETAIL: `{ account_id, taken }`). */
export const LOTS_SHORT_SQLSTATE = "KL001"

/** Timestamp columns of the account and entry rows, which jsonb hands back as text. */
const TIMESTAMP = /(_at|_since|_until)$|^birthday$|^erase_after$/

/** A row from `to_jsonb`, with its timestamps as the `Date`s a read of the row gives. */
function revive<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...row }
  for (const [column, value] of Object.entries(row)) {
    if (typeof value === "string" && TIMESTAMP.test(column)) {
      out[column] = new Date(value)
    }
  }
  return out as T
}

type DueLot = {
  id: string
  account_id: string
  entry_id: string
  remaining: number
  source_type: string | null
  source_id: string | null
  sales_channel_id: string | null
  currency_code: string | null
}

/**
 * The ledger's SQL. Kept apart from the service so that the service reads
 * as the rules (what moves where, in which order) and this file as how it
 * is stored. Every method takes the caller's transaction; none opens one.
 */
export class LedgerStore {
  /**
   * What an idempotency key has done: the latest entry of its scope, whether
   * a void cancels it, and how many attempts the scope has seen (a retry
   * after a void is stored as attempt n + 1).
   */
  async findKeyState(trx: Transaction, scope: string) {
    const result = await trx.raw(
      `SELECT e.*,
              EXISTS (SELECT 1 FROM ${ENTRY} v WHERE v.voids_entry_id = e.id AND v.deleted_at IS NULL) AS voided,
              (SELECT COUNT(*) FROM ${ENTRY} c WHERE c.idempotency_scope = e.idempotency_scope AND c.deleted_at IS NULL)::int AS attempts
         FROM ${ENTRY} e
        WHERE e.idempotency_scope = ? AND e.deleted_at IS NULL
        ORDER BY e.created_at DESC, e.id DESC
        LIMIT 1`,
      [scope]
    )
    const row = result.rows[0] as (EntryRow & { voided: boolean; attempts: number }) | undefined
    if (!row) {
      return null
    }
    const { voided, attempts, ...entry } = row
    return { entry: entry as EntryRow, voided, attempts }
  }

  /**
   * One earn or spend in one statement (`kapy_ledger_write`): locks the
   * account (following merges), checks the key, writes totals, entry and
   * lots, and answers the outcome. A refusal writes nothing and leaves the
   * caller's transaction usable; lots that drifted from the balance raise
   * `LOTS_SHORT_SQLSTATE`.
   */
  async writeInOneStatement(knex: Transaction, write: StatementWrite): Promise<StatementAnswer> {
    const result = await knex.raw(LEDGER_WRITE, ledgerWriteParams(write) as any)
    const answer = result.rows[0].answer
    if (answer.outcome === "written" || answer.outcome === "replayed") {
      return { outcome: answer.outcome, entry: revive<EntryRow>(answer.entry), account: revive<StoredAccount>(answer.account) }
    }
    return answer
  }

  /**
   * `findKeyState` of several keys in one statement (a chunk of a bulk
   * write), by key; keys never used are absent. The same query per key as
   * `findKeyState` (kept as it is: bench/ledger replays the single write's
   * statements); bulk-writes.spec holds the two paths' answers equal,
   * voided attempts included.
   */
  async findKeyStates(trx: Transaction, scopes: string[]) {
    const states = new Map<string, { entry: EntryRow; voided: boolean; attempts: number }>()
    if (!scopes.length) {
      return states
    }
    const result = await trx.raw(
      `SELECT e.*,
              EXISTS (SELECT 1 FROM ${ENTRY} v WHERE v.voids_entry_id = e.id AND v.deleted_at IS NULL) AS voided,
              (SELECT COUNT(*) FROM ${ENTRY} c WHERE c.idempotency_scope = e.idempotency_scope AND c.deleted_at IS NULL)::int AS attempts
         FROM unnest(?::text[]) AS s(scope)
         CROSS JOIN LATERAL (
           SELECT * FROM ${ENTRY} l
            WHERE l.idempotency_scope = s.scope AND l.deleted_at IS NULL
            ORDER BY l.created_at DESC, l.id DESC
            LIMIT 1
         ) e`,
      [[...new Set(scopes)]]
    )
    for (const row of result.rows as (EntryRow & { voided: boolean; attempts: number })[]) {
      const { voided, attempts, ...entry } = row
      states.set(entry.idempotency_scope, { entry: entry as EntryRow, voided, attempts })
    }
    return states
  }

  /** The scope's entry that stands (its latest, unless a void cancels it). */
  async findStandingInScope(knex: Transaction, scope: string): Promise<EntryRow | null> {
    const state = await this.findKeyState(knex, scope)
    return state && !state.voided ? state.entry : null
  }

  async findEntry(trx: Transaction, entryId: string) {
    return (await trx(ENTRY).where({ id: entryId }).first()) as EntryRow | undefined
  }

  /** Points already reversed of an entry, as a positive number. */
  async sumReversals(trx: Transaction, originEntryId: string): Promise<number> {
    const [{ total }] = await trx(ENTRY)
      .where({ origin_entry_id: originEntryId, reason: "reversal", deleted_at: null })
      .select(trx.raw("COALESCE(SUM(ABS(points)), 0)::int AS total"))
    return Number(total)
  }

  async isVoided(trx: Transaction, entryId: string): Promise<boolean> {
    const row = await trx(ENTRY).where({ voids_entry_id: entryId, deleted_at: null }).first("id")
    return !!row
  }

  /**
   * Writes the entry and moves the account's stored totals by its deltas,
   * in the caller's transaction, which must hold the account's lock.
   */
  async appendEntry(
    trx: Transaction,
    account: AccountRow,
    draft: EntryDraft
  ): Promise<EntryRow> {
    const [updated] = await trx(ACCOUNT)
      .where({ id: account.id })
      .update({
        points_balance: trx.raw("points_balance + ?", [draft.available_delta]),
        points_pending: trx.raw("points_pending + ?", [draft.pending_delta]),
        lifetime_points: trx.raw("lifetime_points + ?", [draft.lifetime_delta]),
        lifetime_redeemed: trx.raw("lifetime_redeemed + ?", [draft.redeemed_delta]),
        updated_at: trx.fn.now(),
      })
      .returning(["points_balance", "points_pending"])

    const [entry] = await trx(ENTRY)
      .insert(entryRecord(generateEntityId(undefined, "kent"), account.id, draft, { balance_after: updated.points_balance, pending_after: updated.points_pending }))
      .returning("*")
    return entry
  }

  /**
   * Records what is left of credited points. Available points first pay any
   * debt the balance carried before the credit, so only the rest is a lot
   * that can be spent.
   */
  async insertLot(
    trx: Transaction,
    lot: {
      account: AccountRow
      entry_id: string
      points: number
      status: "pending" | "available"
      available_at?: Date | null
      expires_at?: Date | null
    }
  ) {
    const remaining = creditLotRemaining(lot.points, lot.status, lot.account.points_balance)
    await trx(LOT).insert({
      id: generateEntityId(undefined, "klot"),
      account_id: lot.account.id,
      entry_id: lot.entry_id,
      status: lot.status,
      points: lot.points,
      remaining,
      available_at: lot.available_at ?? null,
      expires_at: lot.expires_at ?? null,
    })
  }

  /**
   * The bulk path's writes (entries, lots, totals of many accounts), each
   * one statement for a chunk; the caller holds the accounts' locks and
   * computed the entries' balances after from the locked rows. Rows get
   * `clock_timestamp()` as created_at, so they keep the order they were
   * planned in (as separate transactions' `now()` would).
   */
  async insertEntries(trx: Transaction, records: ReturnType<typeof entryRecord>[]): Promise<EntryRow[]> {
    const rows: EntryRow[] = []
    for (let i = 0; i < records.length; i += BULK_SLICE) {
      const slice = records.slice(i, i + BULK_SLICE).map((r) => ({ ...r, created_at: trx.raw("clock_timestamp()") }))
      rows.push(...(await trx(ENTRY).insert(slice).returning("*")))
    }
    return rows
  }

  async insertLots(trx: Transaction, lots: LotRecord[]) {
    for (let i = 0; i < lots.length; i += BULK_SLICE) {
      await trx(LOT).insert(
        lots.slice(i, i + BULK_SLICE).map((l) => ({
          id: generateEntityId(undefined, "klot"),
          ...l,
          available_at: l.available_at ?? null,
          expires_at: l.expires_at ?? null,
          created_at: trx.raw("clock_timestamp()"),
        }))
      )
    }
  }

  /** Moves the stored totals of each account by the sum of its deltas; returns the totals after, by account. */
  async applyTotals(trx: Transaction, moves: ({ account_id: string } & EntryDeltas)[]) {
    const result = await trx.raw(
      `UPDATE ${ACCOUNT} AS a
          SET points_balance = a.points_balance + d.available,
              points_pending = a.points_pending + d.pending,
              lifetime_points = a.lifetime_points + d.lifetime,
              lifetime_redeemed = a.lifetime_redeemed + d.redeemed,
              updated_at = now()
         FROM unnest(?::text[], ?::int[], ?::int[], ?::int[], ?::int[]) AS d(id, available, pending, lifetime, redeemed)
        WHERE a.id = d.id
       RETURNING a.id, a.points_balance, a.points_pending, a.lifetime_points, a.lifetime_redeemed`,
      [
        moves.map((m) => m.account_id),
        moves.map((m) => m.available_delta),
        moves.map((m) => m.pending_delta),
        moves.map((m) => m.lifetime_delta),
        moves.map((m) => m.redeemed_delta),
      ] as any
    )
    return new Map<string, AccountTotals>(result.rows.map((r: AccountTotals & { id: string }) => [r.id, r]))
  }

  /**
   * Takes `points` from the account's available lots: `preferEntryId`'s lot
   * first (a reversal takes back the points it reverses), then the
   * soonest-expiring, then the oldest. Every lot holds at least one point,
   * so at most `points` lots are read, in index order. Returns how many
   * points the lots held; any shortfall is debt on the balance.
   */
  async consumeLots(
    trx: Transaction,
    accountId: string,
    points: number,
    preferEntryId: string | null = null
  ): Promise<number> {
    let taken = 0
    if (preferEntryId) {
      const preferred = await trx.raw(
        `UPDATE ${LOT} AS lot
            SET remaining = lot.remaining - LEAST(lot.remaining, ?), updated_at = now()
           FROM (SELECT id, remaining FROM ${LOT}
                  WHERE entry_id = ? AND account_id = ? AND status = 'available'
                    AND remaining > 0 AND deleted_at IS NULL) AS before
          WHERE lot.id = before.id
         RETURNING LEAST(before.remaining, ?) AS taken`,
        [points, preferEntryId, accountId, points]
      )
      taken += preferred.rows.reduce((sum: number, r: { taken: number }) => sum + Number(r.taken), 0)
    }
    const need = points - taken
    if (need <= 0) {
      return taken
    }
    const result = await trx.raw(
      `WITH candidates AS (
         SELECT id, remaining, expires_at, created_at
           FROM ${LOT}
          WHERE account_id = ? AND status = 'available' AND remaining > 0 AND deleted_at IS NULL
          ORDER BY expires_at ASC NULLS LAST, created_at ASC, id ASC
          LIMIT ?
       ), ordered AS (
         SELECT id, remaining,
                SUM(remaining) OVER (ORDER BY expires_at ASC NULLS LAST, created_at ASC, id ASC) AS running
           FROM candidates
       )
       UPDATE ${LOT} AS lot
          SET remaining = LEAST(o.remaining, GREATEST(0, o.running - ?)),
              updated_at = now()
         FROM ordered o
        WHERE lot.id = o.id AND o.running - o.remaining < ?
       RETURNING o.remaining - lot.remaining AS taken`,
      [accountId, need, need, need]
    )
    return taken + result.rows.reduce((sum: number, r: { taken: number }) => sum + Number(r.taken), 0)
  }

  /** Takes up to `points` from the still-pending lot of an entry; returns how many it took. */
  async takeFromPendingLot(
    trx: Transaction,
    entryId: string,
    points: number
  ): Promise<number> {
    const result = await trx.raw(
      `UPDATE ${LOT} AS lot
          SET remaining = lot.remaining - LEAST(lot.remaining, ?), updated_at = now()
         FROM (SELECT id, remaining FROM ${LOT}
                WHERE entry_id = ? AND status = 'pending' AND deleted_at IS NULL) AS before
        WHERE lot.id = before.id
       RETURNING LEAST(before.remaining, ?) AS taken`,
      [points, entryId, points]
    )
    return result.rows.length ? Number(result.rows[0].taken) : 0
  }

  async findDuePendingLots(knex: Transaction, now: Date, limit: number): Promise<DueLot[]> {
    return await knex(LOT)
      .where("status", "pending")
      .andWhere("available_at", "<=", now)
      .whereNull("deleted_at")
      .orderBy("available_at", "asc")
      .limit(limit)
      .select("id", "account_id")
  }

  /** Re-reads due lots under the account's lock: another worker may have released them. */
  async lockDuePendingLots(trx: Transaction, lotIds: string[], now: Date): Promise<DueLot[]> {
    return await trx(`${LOT} as lot`)
      .join(`${ENTRY} as entry`, "entry.id", "lot.entry_id")
      .whereIn("lot.id", lotIds)
      .andWhere("lot.status", "pending")
      .andWhere("lot.available_at", "<=", now)
      .orderBy("lot.id")
      .forUpdate("lot")
      .select(
        "lot.id",
        "lot.account_id",
        "lot.entry_id",
        "lot.remaining",
        "entry.source_type",
        "entry.source_id",
        "entry.sales_channel_id",
        "entry.currency_code"
      )
  }

  async markLotReleased(trx: Transaction, lotId: string, remaining: number) {
    await trx(LOT)
      .where({ id: lotId })
      .update({ status: "available", remaining, updated_at: trx.fn.now() })
  }

  /** Lots of the account that hold available points: their sum, to keep equal to max(0, balance). */
  async sumAvailableLots(trx: Transaction, accountId: string): Promise<number> {
    const [{ total }] = await trx(LOT)
      .where({ account_id: accountId, status: "available", deleted_at: null })
      .select(trx.raw("COALESCE(SUM(remaining), 0)::int AS total"))
    return Number(total)
  }

  /** Moves every lot of one account to another (a merge); the entries stay where they were written. */
  async moveLots(trx: Transaction, fromAccountId: string, intoAccountId: string) {
    await trx(LOT)
      .where({ account_id: fromAccountId, deleted_at: null })
      .update({ account_id: intoAccountId, updated_at: trx.fn.now() })
  }
}
