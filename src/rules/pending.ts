/**
 * The pending window. The rule book:
 *
 * 1. Points an order earns become available `pending_days` after the order
 *    was placed, counted in whole days of 24 hours from the moment it was
 *    placed (not from midnight, and unmoved by daylight saving time). With
 *    0 days they are available at once.
 * 2. Points are pending while that moment is still ahead; at that very
 *    moment they are available. Points without one are available at once.
 */

const DAY_MS = 86_400_000

/**
 * When an order's points become available (rule 1): `placed_at` plus
 * `pending_days` days of 24 hours.
 *
 * @example
 * availableAt(new Date("2026-11-23T10:00:00Z"), 14) // 2026-12-07T10:00:00Z
 */
export function availableAt(placedAt: Date, pendingDays: number): Date {
  return new Date(placedAt.getTime() + pendingDays * DAY_MS)
}

/**
 * Whether points available at `availableAt` are still pending at `now`
 * (rule 2): only when that moment is after `now`; never without one.
 *
 * @example
 * isPending(new Date("2026-12-07T10:00:00Z"), new Date("2026-12-07T09:59:59Z")) // true
 */
export function isPending(availableAt: Date | null | undefined, now: Date): boolean {
  return !!availableAt && availableAt.getTime() > now.getTime()
}
