import { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import { randomInt } from "crypto"
import type { LedgerActorType, LedgerReason } from "../../types/loyalty"
import type { DefaultTier, ProgramSettings } from "./program-settings"

export type Transaction = Knex | Knex.Transaction

const ACCOUNT = "kapy_account"
const ENTRY = "kapy_ledger_entry"
const LOT = "kapy_points_lot"
const PROGRAM = "kapy_program"
const TIER = "kapy_tier"

export type AccountRow = {
  id: string
  customer_id: string
  points_balance: number
  points_pending: number
  lifetime_points: number
  lifetime_redeemed: number
  tier_id: string | null
  referral_code: string
  birthday: Date | null
  metadata: Record<string, unknown> | null
  created_at: Date
  updated_at: Date
}

export type EntryDraft = {
  reason: LedgerReason
  available_delta: number
  pending_delta: number
  lifetime_delta: number
  redeemed_delta: number
  idempotency_key: string
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
  customer_id: string
  points: number
  balance_after: number
  pending_after: number
  created_at: Date
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

/** Unambiguous characters: no 0/O, 1/I/L. */
const REFERRAL_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
const REFERRAL_CODE_LENGTH = 8

export function newReferralCode(): string {
  let code = ""
  for (let i = 0; i < REFERRAL_CODE_LENGTH; i++) {
    code += REFERRAL_ALPHABET[randomInt(REFERRAL_ALPHABET.length)]
  }
  return code
}

/**
 * The ledger's SQL. Kept apart from the service so that the service reads
 * as the rules (what moves where, in which order) and this file as how it
 * is stored. Every method takes the caller's transaction; none opens one.
 */
export class LedgerStore {
  async findProgram(trx: Transaction, handle: string) {
    return (await trx(PROGRAM)
      .where({ handle, deleted_at: null })
      .first()) as { id: string; settings: ProgramSettings } | undefined
  }

  /** Creates the program row unless another process just did; true if this call created it. */
  async insertProgramIfMissing(
    trx: Transaction,
    handle: string,
    settings: ProgramSettings
  ): Promise<boolean> {
    const inserted = await trx.raw(
      `INSERT INTO ${PROGRAM} (id, handle, settings) VALUES (?, ?, ?::jsonb)
       ON CONFLICT DO NOTHING RETURNING id`,
      [generateEntityId(undefined, "kprog"), handle, JSON.stringify(settings)]
    )
    return inserted.rows.length > 0
  }

  async updateProgram(trx: Transaction, handle: string, settings: ProgramSettings) {
    await trx(PROGRAM)
      .where({ handle, deleted_at: null })
      .update({ settings: JSON.stringify(settings), updated_at: trx.fn.now() })
  }

  async insertTiers(trx: Transaction, tiers: DefaultTier[]) {
    await trx(TIER).insert(
      tiers.map((tier) => ({
        id: generateEntityId(undefined, "ktier"),
        name: tier.name,
        rank: tier.rank,
        threshold: tier.threshold,
        raw_threshold: JSON.stringify({ value: tier.threshold, precision: 20 }),
        multiplier: tier.multiplier,
        raw_multiplier: JSON.stringify({ value: tier.multiplier, precision: 20 }),
      }))
    )
  }

  /**
   * The member's account, created if missing. Concurrent callers for the
   * same customer both end with the one row: the insert skips on any unique
   * conflict, and a clash of referral codes (not of customers) is retried
   * with a new code.
   */
  async ensureAccount(
    trx: Transaction,
    customerId: string,
    { lock = false }: { lock?: boolean } = {}
  ): Promise<AccountRow> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await this.findAccountByCustomer(trx, customerId, lock)
      if (existing) {
        return existing
      }
      await trx.raw(
        `INSERT INTO ${ACCOUNT} (id, customer_id, referral_code) VALUES (?, ?, ?)
         ON CONFLICT DO NOTHING`,
        [generateEntityId(undefined, "kacc"), customerId, newReferralCode()]
      )
    }
    throw new Error(`Could not create a loyalty account for customer ${customerId}`)
  }

  async findAccountByCustomer(trx: Transaction, customerId: string, lock = false) {
    const query = trx(ACCOUNT).where({ customer_id: customerId, deleted_at: null }).first()
    return (await (lock ? query.forUpdate() : query)) as AccountRow | undefined
  }

  async findAccountById(trx: Transaction, accountId: string) {
    return (await trx(ACCOUNT).where({ id: accountId }).first()) as AccountRow | undefined
  }

  async lockAccountById(trx: Transaction, accountId: string): Promise<AccountRow> {
    const row = await trx(ACCOUNT).where({ id: accountId }).forUpdate().first()
    if (!row) {
      throw new Error(`Loyalty account ${accountId} does not exist`)
    }
    return row
  }

  async findEntryByKey(trx: Transaction, idempotencyKey: string) {
    // deleted_at IS NULL: the unique index is partial, and unused without it
    return (await trx(ENTRY).where({ idempotency_key: idempotencyKey, deleted_at: null }).first()) as
      | EntryRow
      | undefined
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
      .insert({
        id: generateEntityId(undefined, "kent"),
        account_id: account.id,
        customer_id: account.customer_id,
        reason: draft.reason,
        points: draft.available_delta + draft.pending_delta,
        available_delta: draft.available_delta,
        pending_delta: draft.pending_delta,
        lifetime_delta: draft.lifetime_delta,
        redeemed_delta: draft.redeemed_delta,
        balance_after: updated.points_balance,
        pending_after: updated.points_pending,
        idempotency_key: draft.idempotency_key,
        source_type: draft.source_type ?? null,
        source_id: draft.source_id ?? null,
        origin_entry_id: draft.origin_entry_id ?? null,
        actor_type: draft.actor_type,
        actor_id: draft.actor_id ?? null,
        note: draft.note ?? null,
        sales_channel_id: draft.sales_channel_id ?? null,
        currency_code: draft.currency_code ?? null,
        metadata: draft.metadata ? JSON.stringify(draft.metadata) : null,
      })
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
    const debt = Math.max(0, -lot.account.points_balance)
    const remaining =
      lot.status === "pending" ? lot.points : lot.points - Math.min(lot.points, debt)
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

  /**
   * The account's tier metrics since `since` (all time when null): points
   * earned, and the spend and order count of purchases, read from the
   * `metadata.tier_spend` their earn entries carry. A purchase's spend
   * shrinks in proportion to its points reversed (refunds), and it stops
   * counting as an order once fully reversed (cancellation).
   */
  async qualifyingTotals(
    knex: Transaction,
    accountId: string,
    since: Date | null,
    currencyCode: string
  ): Promise<{ points: number; orders: number; spend: string }> {
    const result = await knex.raw(
      `WITH purchases AS (
         SELECT e.points, e.currency_code, (e.metadata->>'tier_spend')::numeric AS spend,
                COALESCE((SELECT -SUM(r.points) FROM ${ENTRY} r
                           WHERE r.origin_entry_id = e.id AND r.reason = 'reversal'
                             AND r.deleted_at IS NULL), 0) AS reversed
           FROM ${ENTRY} e
          WHERE e.account_id = ? AND e.deleted_at IS NULL
            AND e.metadata->>'tier_spend' IS NOT NULL AND e.points > 0
            AND (?::timestamptz IS NULL OR e.created_at >= ?)
       )
       SELECT (SELECT COALESCE(SUM(lifetime_delta), 0)::int FROM ${ENTRY}
                WHERE account_id = ? AND deleted_at IS NULL
                  AND (?::timestamptz IS NULL OR created_at >= ?)) AS points,
              COUNT(*) FILTER (WHERE reversed < points)::int AS orders,
              COALESCE(SUM(spend * (points - reversed) / points)
                FILTER (WHERE currency_code = ?), 0)::text AS spend
         FROM purchases`,
      [accountId, since, since, accountId, since, since, currencyCode]
    )
    return result.rows[0]
  }

  async updateBirthday(trx: Transaction, accountId: string, birthday: Date) {
    await trx(ACCOUNT).where({ id: accountId }).update({ birthday, updated_at: trx.fn.now() })
  }

  async birthdayCustomerIds(knex: Transaction, date: Date): Promise<string[]> {
    const month = date.getUTCMonth() + 1
    const day = date.getUTCDate()
    const year = date.getUTCFullYear()
    const leap = new Date(Date.UTC(year, 1, 29)).getUTCDate() === 29
    const alsoLeapDay = month === 2 && day === 28 && !leap
    const rows = await knex(ACCOUNT)
      .whereNull("deleted_at")
      .whereNotNull("birthday")
      .andWhere((q) => {
        q.whereRaw(
          `EXTRACT(MONTH FROM birthday AT TIME ZONE 'UTC') = ? AND EXTRACT(DAY FROM birthday AT TIME ZONE 'UTC') = ?`,
          [month, day]
        )
        if (alsoLeapDay) {
          q.orWhereRaw(
            `EXTRACT(MONTH FROM birthday AT TIME ZONE 'UTC') = 2 AND EXTRACT(DAY FROM birthday AT TIME ZONE 'UTC') = 29`
          )
        }
      })
      .select("customer_id")
    return rows.map((r: { customer_id: string }) => r.customer_id)
  }

  async countAccounts(knex: Transaction): Promise<number> {
    const [{ count }] = await knex(ACCOUNT).whereNull("deleted_at").count({ count: "*" })
    return Number(count)
  }

  /** Stored totals beside the sums of entries and lots, for a page of accounts. */
  async reconcileBatch(knex: Transaction, afterId: string | null, limit: number) {
    const result = await knex.raw(
      `SELECT a.id, a.customer_id, a.points_balance, a.points_pending,
              a.lifetime_points, a.lifetime_redeemed,
              COALESCE(e.sum_available, 0)::int AS sum_available,
              COALESCE(e.sum_pending, 0)::int AS sum_pending,
              COALESCE(e.sum_lifetime, 0)::int AS sum_lifetime,
              COALESCE(e.sum_redeemed, 0)::int AS sum_redeemed,
              COALESCE(l.available_lots, 0)::int AS available_lots,
              COALESCE(l.pending_lots, 0)::int AS pending_lots
         FROM (SELECT * FROM ${ACCOUNT}
                WHERE deleted_at IS NULL AND (?::text IS NULL OR id > ?)
                ORDER BY id LIMIT ?) a
         LEFT JOIN LATERAL (
           SELECT SUM(available_delta) AS sum_available, SUM(pending_delta) AS sum_pending,
                  SUM(lifetime_delta) AS sum_lifetime, SUM(redeemed_delta) AS sum_redeemed
             FROM ${ENTRY} WHERE account_id = a.id AND deleted_at IS NULL
         ) e ON true
         LEFT JOIN LATERAL (
           SELECT SUM(remaining) FILTER (WHERE status = 'available') AS available_lots,
                  SUM(remaining) FILTER (WHERE status = 'pending') AS pending_lots
             FROM ${LOT} WHERE account_id = a.id AND deleted_at IS NULL
         ) l ON true
        ORDER BY a.id`,
      [afterId, afterId, limit]
    )
    return result.rows as {
      id: string
      customer_id: string
      points_balance: number
      points_pending: number
      lifetime_points: number
      lifetime_redeemed: number
      sum_available: number
      sum_pending: number
      sum_lifetime: number
      sum_redeemed: number
      available_lots: number
      pending_lots: number
    }[]
  }
}
