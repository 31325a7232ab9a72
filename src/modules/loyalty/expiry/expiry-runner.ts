import { expiryActive, expiryTakes, ExpirySettings } from "../../../rules/expiry"
import type { Transaction } from "../ledger/ledger-store"
import { ActiveExpiry, DueLot, ExpiredEntryRow, ExpiryDraft, ExpiryStore } from "./expiry-store"

/** Settings that run, or null while expiry is off. */
export function activeExpiry(settings: ExpirySettings): ActiveExpiry | null {
  return expiryActive(settings) ? (settings as ActiveExpiry) : null
}

/**
 * Expires what is due in one batch of accounts, inside the caller's
 * transaction:
 *
 * 1. lock the accounts no other worker holds (SKIP LOCKED: a second worker
 *    moves on to other accounts; the skipped ones are the other's);
 * 2. lock their due lots and re-check them under the lock;
 * 3. write one `expiry` entry per lot (per_lot) or per account and
 *    inactivity clock (inactivity), each with its own idempotency key, never
 *    taking more than the positive balance (`expiryTakes`): a debt has
 *    nothing to expire;
 * 4. take the points from the lots and the balances, set-based.
 *
 * Returns the entries written and the accounts it could not lock.
 */
export async function expireAccounts(
  store: ExpiryStore,
  trx: Transaction,
  expiry: ActiveExpiry,
  accountIds: string[],
  now: Date
): Promise<{ entries: ExpiredEntryRow[]; skipped: string[] }> {
  const locked = await store.lockAccountsSkipLocked(trx, accountIds)
  const lockedIds = new Set(locked.map((a) => a.id))
  const skipped = accountIds.filter((id) => !lockedIds.has(id))
  if (!locked.length) {
    return { entries: [], skipped }
  }
  const lots = await store.lockDueLots(trx, expiry, [...lockedIds], now)
  const byAccount = new Map<string, DueLot[]>()
  for (const lot of lots) {
    byAccount.set(lot.account_id, [...(byAccount.get(lot.account_id) ?? []), lot])
  }

  // Under the locks nothing else writes these keys; an expiry an admin
  // reversed keeps its key, and its points (a new lot) wait for their turn.
  const existing = await store.existingKeys(trx, [
    ...lots.map((l) => lotExpiryKey(l.id)),
    ...lots.map((l) => inactivityExpiryKey(l.account_id, l.expires_at)),
  ])
  const drafts: ExpiryDraft[] = []
  const lotTakes: { lot_id: string; take: number }[] = []
  for (const account of locked) {
    const due = byAccount.get(account.id) ?? []
    if (!due.length) {
      continue
    }
    const takes = expiryTakes(
      due.map((l) => l.remaining),
      account.points_balance
    )
    let balance = account.points_balance
    if (expiry.mode === "per_lot") {
      due.forEach((lot, i) => {
        if (takes[i] <= 0 || existing.has(lotExpiryKey(lot.id))) {
          return
        }
        balance -= takes[i]
        lotTakes.push({ lot_id: lot.id, take: takes[i] })
        drafts.push({
          account_id: account.id,
          reason: "expiry",
          points: -takes[i],
          available_delta: -takes[i],
          pending_delta: 0,
          balance_after: balance,
          pending_after: account.points_pending,
          idempotency_key: lotExpiryKey(lot.id),
          source_type: "lot",
          source_id: lot.id,
          origin_entry_id: lot.entry_id,
          sales_channel_id: lot.sales_channel_id,
          currency_code: lot.currency_code,
          metadata: { mode: "per_lot", expired_at: new Date(lot.expires_at).toISOString(), lot_id: lot.id },
        })
      })
      continue
    }
    const total = takes.reduce((a, b) => a + b, 0)
    if (total <= 0 || existing.has(inactivityExpiryKey(account.id, due[0].expires_at))) {
      continue
    }
    const expiredAt = new Date(due[0].expires_at).toISOString()
    due.forEach((lot, i) => lotTakes.push({ lot_id: lot.id, take: takes[i] }))
    drafts.push({
      account_id: account.id,
      reason: "expiry",
      points: -total,
      available_delta: -total,
      pending_delta: 0,
      balance_after: balance - total,
      pending_after: account.points_pending,
      // one per account and clock: a purchase starts a new clock, and a new key
      idempotency_key: inactivityExpiryKey(account.id, due[0].expires_at),
      source_type: "account",
      source_id: account.id,
      metadata: { mode: "inactivity", expired_at: expiredAt },
    })
  }

  return { entries: await store.writeExpiries(trx, drafts, lotTakes), skipped }
}

/** The key of a lot's expiry: once per lot. */
export function lotExpiryKey(lotId: string) {
  return `expiry:lot:${lotId}`
}

/** The key of an account's inactivity expiry: once per account and clock (a purchase starts a new one). */
export function inactivityExpiryKey(accountId: string, expiresAt: Date | string) {
  return `expiry:inactive:${accountId}:${new Date(expiresAt).toISOString()}`
}
