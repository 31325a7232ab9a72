import type { Transaction } from "../ledger/ledger-store"
import { ACCOUNT, ENTRY, EntryRow, LOT, LedgerStore } from "../ledger/ledger-store"

/** The idempotency scopes of the ledger's own questions, written in one place. */
export const cartRedemptionScope = (cartId: string) => `redemption:${cartId}`
export const orderEarningScope = (orderId: string) => `order:${orderId}`

export type ReconcileRow = {
  id: string
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
}

/**
 * The ledger's read models: answers about what the entries say (a cart's
 * standing redemption, an order's earning, tier metrics, reconcile sums),
 * so that workflows ask instead of re-deriving them from raw entries.
 */
export class LedgerReads {
  constructor(private readonly ledger: LedgerStore) {}

  /** A cart's points payment that stands, with what was given back since; null when none. */
  async cartRedemption(knex: Transaction, cartId: string) {
    return await this.standingWithReversals(knex, cartRedemptionScope(cartId))
  }

  /** What an order earned (its standing earn entry), with what is reversed of it; null when nothing. */
  async orderEarning(knex: Transaction, orderId: string) {
    return await this.standingWithReversals(knex, orderEarningScope(orderId))
  }

  private async standingWithReversals(knex: Transaction, scope: string) {
    const entry = await this.ledger.findStandingInScope(knex, scope)
    if (!entry) {
      return null
    }
    return {
      entry,
      points: Math.abs(entry.points),
      reversed: await this.ledger.sumReversals(knex, entry.id),
    }
  }

  async countAccounts(knex: Transaction): Promise<number> {
    const [{ count }] = await knex(ACCOUNT).whereNull("deleted_at").count({ count: "*" })
    return Number(count)
  }

  /** Stored totals beside the sums of entries and lots, for a page of accounts. */
  async reconcileBatch(knex: Transaction, afterId: string | null, limit: number): Promise<ReconcileRow[]> {
    const result = await knex.raw(
      `SELECT a.id, a.points_balance, a.points_pending,
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
    return result.rows
  }
}

export type StandingEntry = { entry: EntryRow; points: number; reversed: number }
