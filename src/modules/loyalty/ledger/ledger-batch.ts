import { MedusaError } from "@medusajs/framework/utils"
import { newEntityId } from "../ids"
import {
  attemptKey,
  creditDeltas,
  creditLotRemaining,
  debitDeltas,
  EntryDeltas,
  keyOfAnotherAccount,
  keyReuseProblem,
  shortfall,
  totalsAfter,
} from "../../../rules/ledger"
import { conflictError } from "../errors"
import type { AccountRow, MemberStore } from "../members/member-store"
import { entryRecord, EntryRow, LedgerStore, LotRecord, Transaction } from "./ledger-store"
import { closedAccount, LedgerWriter, moveContext, PointsMove, WriteOutcome } from "./ledger-writer"

/** One write of a batch: a described move on an account, under its key. */
export type BatchWrite = { account_id: string; idempotency_key: string; move: PointsMove }

/** A batch write's outcome: what the single write would have returned, or the error it would have thrown. */
export type BatchOutcome = { ok: true; outcome: WriteOutcome } | { ok: false; error: MedusaError }

type Step =
  | { index: number; kind: "error"; error: MedusaError }
  | { index: number; kind: "replay"; entry: EntryRow | string; account: AccountRow }
  | { index: number; kind: "write"; entryId: string; account: AccountRow; take: number; lot: LotRecord | null }

/**
 * The ledger's writes of many rows at once (a chunk of a CSV upload), in
 * the caller's transaction: the same template as `LedgerWriter` — lock,
 * look the key up, write entry, totals and lot — but set-based. The
 * chunk's accounts are locked in one statement in id order, its keys read
 * in one, and its entries, lots and totals written in one each (a debit
 * takes its lots on its own, after the lots written before it, as it
 * would one row at a time). Each row's entry and balances after are
 * computed from the locked rows in file order with the rules the single
 * writes use (`src/rules/ledger`), so a row moves its account exactly as
 * the single write of the same move would, and refuses what it would
 * refuse (closed account, not enough points, a key used for another
 * change or account), with the same message, leaving the other rows
 * written.
 */
export class LedgerBatchWriter {
  constructor(
    private readonly ledger: LedgerStore,
    private readonly members: MemberStore,
    private readonly writer: LedgerWriter
  ) {}

  async writeAll(trx: Transaction, writes: BatchWrite[]): Promise<BatchOutcome[]> {
    if (!writes.length) {
      return []
    }
    const live = await this.lockLive(trx, writes.map((w) => w.account_id))
    const states = await this.ledger.findKeyStates(trx, writes.map((w) => w.idempotency_key))

    // plan in order: each row sees its account as the rows before it left it
    const running = new Map<string, AccountRow>()
    live.forEach((account) => running.set(account.id, account))

    // the account a recorded entry of another account stands for now (written before a merge into it?)
    const standingOf = new Map<string, string | null>()
    for (const state of states.values()) {
      const id = state.entry.account_id
      if (!state.voided && !live.has(id) && !running.has(id) && !standingOf.has(id)) {
        standingOf.set(id, (await this.members.followMerges(trx, id))?.id ?? null)
      }
    }
    const standing = (accountId: string) => live.get(accountId)?.id ?? (running.has(accountId) ? accountId : standingOf.get(accountId) ?? null)
    const planned = new Map<string, { entryId: string; account_id: string; points: number }>()
    const records: ReturnType<typeof entryRecord>[] = []
    const steps: Step[] = writes.map((write, index): Step => {
      const key = write.idempotency_key
      const account = running.get(live.get(write.account_id)!.id)!
      if (account.status === "closed") {
        return { index, kind: "error", error: closedAccount(account.id) }
      }
      const earlier = planned.get(key)
      const state = states.get(key)
      const recorded = earlier
        ? { account_id: earlier.account_id, points: earlier.points, entry: earlier.entryId }
        : state && !state.voided
          ? { account_id: state.entry.account_id, points: state.entry.points, entry: state.entry }
          : null
      if (recorded) {
        if (standing(recorded.account_id) !== account.id) {
          return { index, kind: "error", error: conflictError(keyOfAnotherAccount(key)) }
        }
        const reused = keyReuseProblem(key, recorded.points, write.move.points)
        return reused
          ? { index, kind: "error", error: conflictError(reused) }
          : { index, kind: "replay", entry: recorded.entry, account }
      }
      const { move } = write
      let deltas: EntryDeltas
      if (move.type === "debit") {
        const problem = shortfall(account.points_balance, -move.points)
        if (problem) {
          return { index, kind: "error", error: conflictError(problem) }
        }
        deltas = debitDeltas(-move.points, { redeemed: move.redeemed, lifetime: move.lifetime })
      } else {
        deltas = creditDeltas(move.points, { pending: move.pending })
      }
      const after = totalsAfter(account, deltas)
      const entryId = newEntityId("kent")
      records.push(
        entryRecord(
          entryId,
          account.id,
          { ...moveContext(move), ...deltas, idempotency_scope: key, idempotency_key: attemptKey(key, state?.attempts ?? 0) },
          { balance_after: after.points_balance, pending_after: after.points_pending }
        )
      )
      const lot: LotRecord | null =
        move.type === "credit"
          ? {
              account_id: account.id,
              entry_id: entryId,
              status: move.pending ? "pending" : "available",
              points: move.points,
              remaining: creditLotRemaining(move.points, move.pending ? "pending" : "available", account.points_balance),
              available_at: move.available_at,
              expires_at: move.expires_at,
            }
          : null
      const next = { ...after, updated_at: new Date() }
      running.set(account.id, next)
      planned.set(key, { entryId, account_id: account.id, points: move.points })
      return { index, kind: "write", entryId, account: next, take: move.type === "debit" ? -move.points : 0, lot }
    })

    // write: lots in order, a debit taking from the lots written before it
    let lots: LotRecord[] = []
    for (const step of steps) {
      if (step.kind !== "write") {
        continue
      }
      if (step.lot) {
        lots.push(step.lot)
      }
      if (step.take) {
        await this.ledger.insertLots(trx, lots)
        lots = []
        await this.writer.takeExactly(trx, step.account.id, step.take)
      }
    }
    await this.ledger.insertLots(trx, lots)
    const inserted = new Map((await this.ledger.insertEntries(trx, records)).map((e) => [e.id, e]))
    await this.applyTotals(trx, running, records)

    return steps.map((step): BatchOutcome => {
      if (step.kind === "error") {
        return { ok: false, error: step.error }
      }
      if (step.kind === "replay") {
        const entry = typeof step.entry === "string" ? inserted.get(step.entry)! : step.entry
        return { ok: true, outcome: { entry, account: step.account, replayed: true } }
      }
      return { ok: true, outcome: { entry: inserted.get(step.entryId)!, account: step.account, replayed: false } }
    })
  }

  /**
   * Locks the accounts in id order and answers, for each id asked, the
   * account that stands for it: itself, or (a merge since its identity was
   * read) the one it went into, locked after it as `lockLiveAccount` does.
   */
  private async lockLive(trx: Transaction, accountIds: string[]): Promise<Map<string, AccountRow>> {
    const locked = await this.members.lockAccounts(trx, accountIds)
    const live = new Map<string, AccountRow>()
    for (const [id, account] of locked) {
      if (account.status === "merged" && account.merged_into_id) {
        const into = await this.members.lockLiveAccount(trx, account.merged_into_id)
        live.set(id, locked.get(into.id) ?? into)
      } else {
        live.set(id, account)
      }
    }
    return live
  }

  /**
   * One UPDATE of every written account's totals by the sum of its rows'
   * deltas; what it returns must be what the plan computed from the locked
   * rows, or the stored state moved under the lock: refuse the chunk.
   */
  private async applyTotals(
    trx: Transaction,
    running: Map<string, AccountRow>,
    records: ReturnType<typeof entryRecord>[]
  ) {
    const sums = new Map<string, { account_id: string } & EntryDeltas>()
    for (const r of records) {
      const sum = sums.get(r.account_id) ?? { account_id: r.account_id, available_delta: 0, pending_delta: 0, lifetime_delta: 0, redeemed_delta: 0 }
      sums.set(r.account_id, totalsAfterSum(sum, r))
    }
    if (!sums.size) {
      return
    }
    const stored = await this.ledger.applyTotals(trx, [...sums.values()])
    for (const id of sums.keys()) {
      const expected = running.get(id)!
      const got = stored.get(id)
      if (
        !got ||
        got.points_balance !== expected.points_balance ||
        got.points_pending !== expected.points_pending ||
        got.lifetime_points !== expected.lifetime_points ||
        got.lifetime_redeemed !== expected.lifetime_redeemed
      ) {
        throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Loyalty account ${id}: its totals moved under the lock; run the reconcile command`)
      }
    }
  }
}

function totalsAfterSum<T extends EntryDeltas>(sum: T, d: EntryDeltas): T {
  return {
    ...sum,
    available_delta: sum.available_delta + d.available_delta,
    pending_delta: sum.pending_delta + d.pending_delta,
    lifetime_delta: sum.lifetime_delta + d.lifetime_delta,
    redeemed_delta: sum.redeemed_delta + d.redeemed_delta,
  }
}
