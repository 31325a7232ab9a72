import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import { attemptKey, creditDeltas, debitDeltas, keyOfAnotherAccount, keyReuseProblem, shortfall, totalsAfter } from "../../../rules/ledger"
import type { LedgerActorType, LedgerReason } from "../../../types/loyalty"
import { conflictError } from "../errors"
import { accountMergeLoop, accountNotFound, type AccountRow, type MemberStore } from "../members/member-store"
import { LOTS_SHORT_SQLSTATE, type EntryDraft, type EntryRow, type LedgerStore, type StatementAnswer, type StatementWrite, type Transaction } from "./ledger-store"

/** The keys one write is stored under: its scope (the caller's key) and this attempt's unique key. */
export type EntryKeys = { idempotency_key: string; idempotency_scope: string }

/** Who did it and why, as the caller tells it; the keys come from `withLockedAccount`. */
export type EntryContext = Omit<EntryDraft, "reason" | "available_delta" | "pending_delta" | "lifetime_delta" | "redeemed_delta" | "idempotency_key" | "idempotency_scope"> & {
  actor_type: LedgerActorType
}

/**
 * One credit or debit described before it is written: what `earn` or
 * `debit` will do to the locked account. A single write and a bulk write
 * of the same move write the same entry and lot.
 */
export type PointsMove = EntryContext & {
  reason: LedgerReason
  /** The signed change a replay of the key must have recorded. */
  points: number
} & (
    | { type: "credit"; pending: boolean; available_at: Date | null; expires_at: Date | null }
    | { type: "debit"; redeemed: boolean; lifetime: boolean }
  )

/** Who wrote a move and why: its entry's context, without what it moves. */
export function moveContext(move: PointsMove): EntryContext & { reason: LedgerReason } {
  return {
    reason: move.reason,
    source_type: move.source_type,
    source_id: move.source_id,
    origin_entry_id: move.origin_entry_id,
    voids_entry_id: move.voids_entry_id,
    note: move.note,
    sales_channel_id: move.sales_channel_id,
    currency_code: move.currency_code,
    metadata: move.metadata,
    actor_type: move.actor_type,
    actor_id: move.actor_id,
  }
}

export type WriteOutcome = {
  /** null only where a write found nothing to do (reverseUpTo at its target) */
  entry: EntryRow | null
  account: AccountRow
  replayed: boolean
}

/**
 * The ledger's writes, each inside the caller's transaction and under the
 * member's account row lock. One template for every write: lock the
 * account, look up what the idempotency key has done, then write the entry,
 * the totals and the lots together. The hot writes (earn, spend,
 * adjustment: `writeMove`) run that template as one statement in
 * PostgreSQL; the rarer ones (reversals, voids, merges, imports) as
 * statements from here (`withLockedAccount`).
 */
export class LedgerWriter {
  constructor(
    private readonly ledger: LedgerStore,
    private readonly members: MemberStore
  ) {}

  /**
   * Locks the account that stands for `accountId` (following merges), then
   * answers a key that has already done its change with that entry, or runs
   * `write` with the keys to store.
   *
   * Lock first, then look the key up: under the lock no other writer for
   * this account can record the same key between the check and the insert;
   * the unique index still guards keys reused across accounts. An entry
   * voided by a failed workflow's compensation counts as not done: the
   * retry is stored as the scope's next attempt (`key#2`).
   */
  async withLockedAccount(
    trx: Transaction,
    accountId: string,
    key: string,
    write: (account: AccountRow, keys: EntryKeys) => Promise<EntryRow | null>,
    expectedPoints?: number
  ): Promise<WriteOutcome> {
    const account = await this.members.lockLiveAccount(trx, accountId)
    assertOpen(account)
    const state = await this.ledger.findKeyState(trx, key)
    if (state && !state.voided) {
      await this.assertSameMember(trx, state.entry, account, key)
      const reused = keyReuseProblem(key, state.entry.points, expectedPoints)
      if (reused) {
        throw conflictError(reused)
      }
      return { entry: state.entry, account, replayed: true }
    }
    const keys = { idempotency_scope: key, idempotency_key: attemptKey(key, state?.attempts ?? 0) }
    const entry = await write(account, keys)
    return { entry, account: entry ? accountAfter(account, entry) : account, replayed: false }
  }

  /**
   * A described move (an earn, a spend, an adjustment) as one statement:
   * what `withLockedAccount` + `move` do, in one round trip
   * (`kapy_ledger_write`). The rules compute the deltas here; the
   * statement locks, checks and writes, and a refusal comes back worded as
   * the multi-statement path words it. Without a caller's transaction the
   * statement is its own: its row lock ends as it commits.
   */
  async writeMove(knex: Transaction, accountId: string, key: string, move: PointsMove): Promise<WriteOutcome> {
    const write = statementWrite(accountId, key, move)
    let answer: StatementAnswer
    try {
      answer = await this.ledger.writeInOneStatement(knex, write)
    } catch (error: any) {
      if (error?.code === LOTS_SHORT_SQLSTATE) {
        const detail = JSON.parse(error.detail)
        throw lotsShort(detail.account_id, Number(detail.taken), write.take!)
      }
      throw error
    }
    switch (answer.outcome) {
      case "written":
      case "replayed":
        return { entry: answer.entry, account: answer.account, replayed: answer.outcome === "replayed" }
      case "not_found":
        throw accountNotFound(accountId)
      case "merge_loop":
        throw accountMergeLoop(accountId)
      case "closed":
        throw closedAccount(answer.account_id)
      case "another_account":
        throw conflictError(keyOfAnotherAccount(key))
      case "key_reused":
        throw conflictError(refusal(keyReuseProblem(key, answer.recorded, move.points), "key_reused"))
      case "short":
        throw conflictError(refusal(shortfall(answer.balance, write.take!), "short"))
    }
  }

  /** Refuses a key whose entry belongs to another member (an entry written before a merge into this account is theirs). */
  async assertSameMember(trx: Transaction, entry: EntryRow, account: AccountRow, key: string) {
    if (entry.account_id === account.id) {
      return
    }
    // written before a merge on the account that went into this one
    const standing = await this.members.followMerges(trx, entry.account_id)
    if (standing?.id !== account.id) {
      throw conflictError(keyOfAnotherAccount(key))
    }
  }

  /** Writes a described move (`earn` or `debit`) on the locked account. */
  async move(trx: Transaction, account: AccountRow, keys: EntryKeys, move: PointsMove) {
    const context = { ...moveContext(move), ...keys }
    return move.type === "credit"
      ? await this.earn(trx, account, { ...context, points: move.points, pending: move.pending, available_at: move.available_at, expires_at: move.expires_at })
      : await this.debit(trx, account, { ...context, points: -move.points, redeemed: move.redeemed, lifetime: move.lifetime })
  }

  /** Credits points, pending until `available_at` when `pending`; available points pay a debt first. */
  async earn(
    trx: Transaction,
    account: AccountRow,
    draft: EntryContext & EntryKeys & { reason: LedgerReason; points: number; pending: boolean; available_at: Date | null; expires_at: Date | null }
  ) {
    const { points, pending, available_at, expires_at, ...context } = draft
    const entry = await this.ledger.appendEntry(trx, account, { ...context, ...creditDeltas(points, { pending }) })
    await this.ledger.insertLot(trx, {
      account,
      entry_id: entry.id,
      points,
      status: pending ? "pending" : "available",
      available_at,
      expires_at,
    })
    return entry
  }

  /** Takes available points, never below zero; `redeemed` counts it as spent by the member. */
  async debit(
    trx: Transaction,
    account: AccountRow,
    draft: EntryContext & EntryKeys & { reason: LedgerReason; points: number; redeemed: boolean; lifetime: boolean }
  ) {
    const { points, redeemed, lifetime, ...context } = draft
    assertEnough(account, points)
    await this.takeExactly(trx, account.id, points)
    return await this.ledger.appendEntry(trx, account, { ...context, ...debitDeltas(points, { redeemed, lifetime }) })
  }

  /**
   * Takes exactly `points` from available lots. The balance was checked
   * under the lock and lots always sum to the positive balance, so a
   * shortfall means the stored state drifted: refuse inside the
   * transaction rather than spend points that no lot holds.
   */
  async takeExactly(trx: Transaction, accountId: string, points: number, preferEntryId: string | null = null) {
    const taken = await this.ledger.consumeLots(trx, accountId, points, preferEntryId)
    if (taken !== points) {
      throw lotsShort(accountId, taken, points)
    }
  }

  /**
   * Writes a reversal of `points` of `origin`; the caller holds the account's
   * lock. A credit takes back what is still pending of it first, then
   * available points (a shortfall there is debt: the balance goes negative).
   * A debit gives the points back as available points.
   */
  async reverse(
    trx: Transaction,
    account: AccountRow,
    origin: EntryRow,
    points: number,
    context: EntryContext & EntryKeys
  ) {
    const draft = {
      ...context,
      source_type: context.source_type ?? origin.source_type,
      source_id: context.source_id ?? origin.source_id,
      sales_channel_id: context.sales_channel_id ?? origin.sales_channel_id,
      currency_code: context.currency_code ?? origin.currency_code,
      origin_entry_id: origin.id,
      reason: "reversal" as const,
    }
    if (origin.points > 0) {
      const fromPending = await this.ledger.takeFromPendingLot(trx, origin.id, points)
      const fromAvailable = points - fromPending
      if (fromAvailable > 0) {
        // what the lots do not hold becomes debt on the balance
        await this.ledger.consumeLots(trx, account.id, fromAvailable, origin.id)
      }
      return await this.ledger.appendEntry(trx, account, {
        ...draft,
        available_delta: -fromAvailable,
        pending_delta: -fromPending,
        lifetime_delta: origin.lifetime_delta !== 0 ? -points : 0,
        redeemed_delta: 0,
      })
    }
    const entry = await this.ledger.appendEntry(trx, account, {
      ...draft,
      available_delta: points,
      pending_delta: 0,
      lifetime_delta: origin.lifetime_delta !== 0 ? points : 0,
      redeemed_delta: origin.redeemed_delta !== 0 ? -points : 0,
    })
    await this.ledger.insertLot(trx, { account, entry_id: entry.id, points, status: "available" })
    return entry
  }

  /** Points of `origin` not reversed yet. */
  async outstanding(trx: Transaction, origin: EntryRow) {
    return Math.abs(origin.points) - (await this.ledger.sumReversals(trx, origin.id))
  }

  /**
   * Moves everything `from` holds into `into` as a pair of entries (out of
   * one, into the other), then its lots and identities; `from` is left
   * merged, empty, with its history. Both rows are locked in id order.
   * Idempotent: merging the same pair again answers the recorded pair.
   */
  async merge(
    trx: Transaction,
    input: { from_account_id: string; into_account_id: string; actor_type: LedgerActorType; actor_id?: string | null; note?: string | null }
  ): Promise<{ account: AccountRow; entries: EntryRow[]; replayed: boolean }> {
    if (input.from_account_id === input.into_account_id) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "An account cannot be merged into itself")
    }
    const locked = await this.members.lockAccounts(trx, [input.from_account_id, input.into_account_id])
    const from = locked.get(input.from_account_id)!
    const into = locked.get(input.into_account_id)!
    const keys = { out: `merge:${from.id}:out`, in: `merge:${from.id}:in` }
    if (from.status === "merged") {
      if (from.merged_into_id !== into.id) {
        throw conflictError(`Loyalty account ${from.id} was already merged into ${from.merged_into_id}`)
      }
      const entries = await Promise.all([keys.out, keys.in].map((k) => this.ledger.findStandingInScope(trx, k)))
      return { account: into, entries: entries.filter((e): e is EntryRow => !!e), replayed: true }
    }
    if (into.status !== "active" || from.status !== "active") {
      throw conflictError(`Only active accounts can be merged (${from.id} is ${from.status}, ${into.id} is ${into.status})`)
    }
    const common = {
      reason: "merge" as const,
      actor_type: input.actor_type,
      actor_id: input.actor_id ?? null,
      note: input.note ?? null,
      source_type: "account",
    }
    const out = await this.ledger.appendEntry(trx, from, {
      ...common,
      idempotency_key: keys.out,
      source_id: into.id,
      available_delta: -from.points_balance,
      pending_delta: -from.points_pending,
      lifetime_delta: -from.lifetime_points,
      redeemed_delta: -from.lifetime_redeemed,
    })
    const intoEntry = await this.ledger.appendEntry(trx, into, {
      ...common,
      idempotency_key: keys.in,
      source_id: from.id,
      origin_entry_id: out.id,
      available_delta: from.points_balance,
      pending_delta: from.points_pending,
      lifetime_delta: from.lifetime_points,
      redeemed_delta: from.lifetime_redeemed,
    })
    await this.ledger.moveLots(trx, from.id, into.id)
    // One's debt is paid by the other's points: the lots keep summing to max(0, balance).
    const lots = await this.ledger.sumAvailableLots(trx, into.id)
    const excess = lots - Math.max(0, intoEntry.balance_after)
    if (excess > 0) {
      await this.takeExactly(trx, into.id, excess)
    }
    await this.members.moveIdentities(trx, from.id, into.id)
    await this.members.markMerged(trx, from.id, into.id)
    if (!into.birthday && from.birthday) {
      await this.members.updateBirthday(trx, into.id, new Date(from.birthday))
    }
    return { account: (await this.members.findAccountById(trx, into.id))!, entries: [out, intoEntry], replayed: false }
  }
}

/**
 * What `kapy_ledger_write` is asked to do for a move: its deltas from the
 * rules (`creditDeltas`, `debitDeltas`), the change a replay of the key must
 * have recorded (the move's signed points), the points a debit takes from
 * the lots, and a credit's lot.
 */
export function statementWrite(accountId: string, key: string, move: PointsMove): StatementWrite {
  const deltas =
    move.type === "credit"
      ? creditDeltas(move.points, { pending: move.pending })
      : debitDeltas(-move.points, { redeemed: move.redeemed, lifetime: move.lifetime })
  const { actor_type, actor_id, ...context } = moveContext(move)
  return {
    account_id: accountId,
    scope: key,
    expected: move.points,
    take: move.type === "debit" ? -move.points : null,
    entry: { id: generateEntityId(undefined, "kent"), ...context, actor_type, actor_id, ...deltas },
    lot:
      move.type === "credit"
        ? { id: generateEntityId(undefined, "klot"), status: move.pending ? "pending" : "available", available_at: move.available_at, expires_at: move.expires_at }
        : null,
  }
}

/** The statement's refusal in the rule's words; the rule must agree that it is one. */
function refusal(problem: string | null, outcome: string): string {
  if (!problem) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `kapy_ledger_write refused (${outcome}) what the rules allow`)
  }
  return problem
}

/** Lots that hold less than the balance says: only a bug or a hand-written query does this. */
function lotsShort(accountId: string, taken: number, points: number) {
  return new MedusaError(
    MedusaError.Types.UNEXPECTED_STATE,
    `Loyalty account ${accountId}: its lots hold ${taken} of the ${points} points to take; run the reconcile command`
  )
}

/**
 * The locked account after its one new entry, from what the entry states
 * (its balances after, its deltas) rather than another read under the lock.
 */
export function accountAfter(account: AccountRow, entry: EntryRow): AccountRow {
  return {
    ...totalsAfter(account, entry),
    points_balance: entry.balance_after,
    points_pending: entry.pending_after,
    updated_at: new Date(),
  }
}

export function assertEnough(account: AccountRow, points: number) {
  const problem = shortfall(account.points_balance, points)
  if (problem) {
    throw conflictError(problem)
  }
}

/** A closed account takes no writes (not even a replay of a key). */
export function assertOpen(account: AccountRow) {
  if (account.status === "closed") {
    throw closedAccount(account.id)
  }
}

export function closedAccount(accountId: string) {
  return new MedusaError(MedusaError.Types.NOT_ALLOWED, `Loyalty account ${accountId} is closed`)
}
