import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import type { MemberRef } from "../../src/types/loyalty"

/**
 * The ledgers behind one interface, so every figure runs the same code path
 * for each. An account "handle" is what each API takes to address the
 * account most cheaply: Kapy's account id (what a caller holds once the
 * account exists: no identity lookup, no advisory lock), the store-credit
 * account id.
 */
export type LedgerSubject = {
  name: string
  openAccount(owner: string): Promise<string>
  earn(handle: string, points: number): Promise<void>
  spend(handle: string, points: number): Promise<void>
  balance(handle: string): Promise<number>
}

/** A compared ledger: one whose accounts the bench fills with history. */
export type ComparedSubject = LedgerSubject & {
  /** Gives the account `count` more entries of 1 point each, in bulk SQL. */
  fill(handle: string, count: number): Promise<void>
  /** Tables the fill writes, for VACUUM ANALYZE after it. */
  tables: string[]
}

let keySeq = 0
/** Unique per write: both modules would treat a repeated key/reference as a replay or duplicate. */
function nextKey(prefix: string) {
  return `bench-${prefix}-${process.pid}-${++keySeq}`
}

/**
 * How the Kapy subject addresses an account: by its id (the default: what a
 * caller holding the account does, and the cheapest), or by the Medusa
 * customer's id (every write then also takes an advisory lock on the
 * identity and looks it up, as the first bench runs did).
 */
export type KapyAddressing = "account" | "customer"

export function kapySubject(loyalty: LoyaltyModuleService, knex: Knex, by: KapyAddressing = "account"): ComparedSubject {
  const actor = { actor_type: "system" as const, actor_id: "bench" }
  const member = (handle: string): MemberRef => (by === "account" ? { account_id: handle } : { customer_id: handle })

  async function earnWithKey(handle: string, points: number, idempotencyKey: string) {
    await loyalty.earnPoints({
      ...member(handle),
      points,
      reason: "order",
      idempotency_key: idempotencyKey,
      ...actor,
    })
  }

  return {
    name: by === "account" ? "Kapy" : "Kapy by customer",
    tables: ["kapy_account", "kapy_ledger_entry", "kapy_points_lot"],
    async openAccount(owner) {
      // a customer's account, made on first need; from then on a caller
      // holding the account addresses it by its id
      const account = await loyalty.retrieveOrCreateAccount(owner)
      return by === "account" ? account.id : owner
    },
    earn: (handle, points) => earnWithKey(handle, points, nextKey("earn")),
    async spend(handle, points) {
      await loyalty.spendPoints({ ...member(handle), points, idempotency_key: nextKey("spend"), ...actor })
    },
    async balance(handle) {
      // a read that writes nothing (retrieveOrCreateAccount would open a transaction and lock)
      const account = await loyalty.retrieveMember(member(handle))
      if (!account) {
        throw new Error(`Kapy account ${handle} was not found`)
      }
      return account.points_balance
    },
    async fill(handle, count) {
      // One earn through the service is the template, so every cloned row
      // has exactly the columns and values the ledger itself writes.
      const templateKey = nextKey("fill-template")
      await earnWithKey(handle, 1, templateKey)
      await kapyCloneEarn(knex, templateKey, count - 1)
    },
  }
}

/**
 * Clones an earn entry and its lot `copies` times, each clone one more point
 * on the running balance, then moves the account's stored totals by the
 * same amounts — the state `copies` earns through the service would leave
 * (reconcile checks it at the end of the run).
 */
async function kapyCloneEarn(knex: Knex, templateKey: string, copies: number) {
  await knex.transaction(async (trx) => {
    const template = await trx("kapy_ledger_entry").where({ idempotency_key: templateKey }).first()
    // the clones are appended after the template, so it must be the account's latest entry
    await trx("kapy_account").where({ id: template.account_id }).forUpdate().first()
    await trx.raw(
      `INSERT INTO kapy_ledger_entry (id, account_id, reason, points, available_delta,
         pending_delta, lifetime_delta, redeemed_delta, balance_after, pending_after, idempotency_key,
         idempotency_scope, voids_entry_id, source_type, source_id, origin_entry_id, actor_type, actor_id,
         note, sales_channel_id, currency_code, metadata, created_at, updated_at)
       SELECT t.id || '_' || n, t.account_id, t.reason, t.points, t.available_delta,
              t.pending_delta, t.lifetime_delta, t.redeemed_delta, t.balance_after + n * t.available_delta,
              t.pending_after + n * t.pending_delta, t.idempotency_key || ':' || n,
              t.idempotency_scope || ':' || n, t.voids_entry_id, t.source_type, t.source_id,
              t.origin_entry_id, t.actor_type, t.actor_id, t.note, t.sales_channel_id, t.currency_code,
              t.metadata, t.created_at + n * interval '1 microsecond', t.updated_at + n * interval '1 microsecond'
         FROM kapy_ledger_entry t, generate_series(1, ?::int) AS n
        WHERE t.id = ?`,
      [copies, template.id]
    )
    await trx.raw(
      `INSERT INTO kapy_points_lot (id, account_id, entry_id, status, points, remaining, available_at,
         expires_at, created_at, updated_at)
       SELECT l.id || '_' || n, l.account_id, l.entry_id || '_' || n, l.status, l.points, l.remaining,
              l.available_at, l.expires_at, l.created_at + n * interval '1 microsecond',
              l.updated_at + n * interval '1 microsecond'
         FROM kapy_points_lot l, generate_series(1, ?::int) AS n
        WHERE l.entry_id = ?`,
      [copies, template.id]
    )
    await trx("kapy_account")
      .where({ id: template.account_id })
      .update({
        points_balance: trx.raw("points_balance + ?", [copies * template.available_delta]),
        points_pending: trx.raw("points_pending + ?", [copies * template.pending_delta]),
        lifetime_points: trx.raw("lifetime_points + ?", [copies * template.lifetime_delta]),
        lifetime_redeemed: trx.raw("lifetime_redeemed + ?", [copies * template.redeemed_delta]),
        updated_at: trx.fn.now(),
      })
  })
}

export function storeCreditSubject(storeCredit: any, knex: Knex): ComparedSubject {
  const movement = (accountId: string, amount: number, referenceId: string) => [
    { account_id: accountId, amount, reference: "bench", reference_id: referenceId },
  ]
  return {
    name: "store credit",
    tables: ["store_credit_account", "store_credit_account_transaction"],
    async openAccount(owner) {
      const [account] = await storeCredit.createStoreCreditAccounts([{ currency_code: "eur", customer_id: owner }])
      return account.id
    },
    async earn(accountId, amount) {
      await storeCredit.creditAccounts(movement(accountId, amount, nextKey("credit")))
    },
    async spend(accountId, amount) {
      await storeCredit.debitAccounts(movement(accountId, amount, nextKey("debit")))
    },
    async balance(accountId) {
      return (await storeCredit.retrieveAccountStats({ account_id: accountId })).balance
    },
    async fill(accountId, count) {
      const templateReference = nextKey("fill-template")
      await storeCredit.creditAccounts(movement(accountId, 1, templateReference))
      await knex.raw(
        `INSERT INTO store_credit_account_transaction (id, amount, type, reference, reference_id, note,
           account_id, metadata, raw_amount, created_at, updated_at)
         SELECT t.id || '_' || n, t.amount, t.type, t.reference, t.reference_id || ':' || n, t.note,
                t.account_id, t.metadata, t.raw_amount, t.created_at + n * interval '1 microsecond',
                t.updated_at + n * interval '1 microsecond'
           FROM store_credit_account_transaction t, generate_series(1, ?::int) AS n
          WHERE t.reference_id = ?`,
        [count - 1, templateReference]
      )
    },
  }
}
