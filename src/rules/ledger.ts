/**
 * How one ledger write moves an account: the deltas of a credit or a debit,
 * the totals after them, what a credit's lot holds when the balance carries
 * a debt, and when a write is refused. Pure functions: the ledger writer
 * (one write under one lock) and the batch writer (many rows under the
 * locks of a chunk) both compute with these, so a row of a CSV upload moves
 * an account exactly as a single adjustment does. Rule-book tests in
 * __tests__/ledger.unit.spec.ts.
 */

export type EntryDeltas = {
  available_delta: number
  pending_delta: number
  lifetime_delta: number
  redeemed_delta: number
}

export type AccountTotals = {
  points_balance: number
  points_pending: number
  lifetime_points: number
  lifetime_redeemed: number
}

/** A credit of `points`: pending until released when `pending`, else available; it counts in lifetime points either way. */
export function creditDeltas(points: number, { pending }: { pending: boolean }): EntryDeltas {
  return {
    available_delta: pending ? 0 : points,
    pending_delta: pending ? points : 0,
    lifetime_delta: points,
    redeemed_delta: 0,
  }
}

/**
 * A debit of `points` (a positive number) from the available balance;
 * `redeemed` counts it as spent by the member, `lifetime` takes it off
 * lifetime points too (a correction of what was earned).
 */
export function debitDeltas(points: number, { redeemed, lifetime }: { redeemed: boolean; lifetime: boolean }): EntryDeltas {
  return {
    available_delta: -points,
    pending_delta: 0,
    lifetime_delta: lifetime ? -points : 0,
    redeemed_delta: redeemed ? points : 0,
  }
}

/** The account's totals after one entry's deltas. */
export function totalsAfter<T extends AccountTotals>(totals: T, deltas: EntryDeltas): T {
  return {
    ...totals,
    points_balance: totals.points_balance + deltas.available_delta,
    points_pending: totals.points_pending + deltas.pending_delta,
    lifetime_points: totals.lifetime_points + deltas.lifetime_delta,
    lifetime_redeemed: totals.lifetime_redeemed + deltas.redeemed_delta,
  }
}

/**
 * What the lot of a credit holds: available points first pay the debt the
 * balance carried before the credit (`balanceBefore` below zero), so only
 * the rest can be spent; pending points are held whole until released.
 */
export function creditLotRemaining(points: number, status: "pending" | "available", balanceBefore: number): number {
  if (status === "pending") {
    return points
  }
  return points - Math.min(points, Math.max(0, -balanceBefore))
}

/** Why a debit of `points` cannot be taken from `balance` (it never goes below zero), or null. */
export function shortfall(balance: number, points: number): string | null {
  return balance < points ? `Not enough points: ${Math.max(0, balance)} available, ${points} requested` : null
}

/**
 * Why an idempotency key that already recorded `recordedPoints` cannot
 * answer a write of `expectedPoints` as its replay, or null when it can
 * (no expectation, or the same change).
 */
export function keyReuseProblem(key: string, recordedPoints: number, expectedPoints: number | undefined): string | null {
  return expectedPoints !== undefined && recordedPoints !== expectedPoints
    ? `Idempotency key ${key} was already used for a change of ${recordedPoints} points, not ${expectedPoints}`
    : null
}

/** The key another account's entry holds. */
export function keyOfAnotherAccount(key: string): string {
  return `Idempotency key ${key} was already used for another account`
}

/** The stored key of a write under `scope`: the scope itself, or after voided attempts the next attempt's (`key#2`). */
export function attemptKey(scope: string, attemptsSoFar: number): string {
  return attemptsSoFar > 0 ? `${scope}#${attemptsSoFar + 1}` : scope
}
