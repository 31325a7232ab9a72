import { generateEntityId } from "@medusajs/framework/utils"
import type { Transaction } from "../ledger/ledger-store"
import { ACCOUNT, ENTRY } from "../ledger/ledger-store"

export const TIER_QUALIFICATION = "kapy_tier_qualification"

/** The tier columns of an account, as the evaluation reads and writes them. */
export type AccountTierRow = {
  id: string
  tier_id: string | null
  tier_since: Date | null
  tier_expires_at: Date | null
  earned_tier_id: string | null
  earned_tier_since: Date | null
  earned_tier_expires_at: Date | null
  tier_override_id: string | null
  tier_override_until: Date | null
  tier_evaluated_at: Date | null
}

export type QualificationInsert = {
  account_id: string
  kind: "placed" | "reversed"
  source_type: string
  source_id: string
  idempotency_key: string
  spend: string | null
  amount: string
  currency_code: string
  orders: number
  occurred_at: Date
}

/** Tier evaluation's SQL. Every method takes the caller's transaction; none opens one. */
export class TierStore {
  /** The account's tier columns, locked: the caller already holds (or now takes) the account's row lock. */
  async lockTierState(trx: Transaction, accountId: string): Promise<AccountTierRow | undefined> {
    return await trx(ACCOUNT)
      .select(
        "id",
        "tier_id",
        "tier_since",
        "tier_expires_at",
        "earned_tier_id",
        "earned_tier_since",
        "earned_tier_expires_at",
        "tier_override_id",
        "tier_override_until",
        "tier_evaluated_at"
      )
      .where({ id: accountId })
      .whereNull("deleted_at")
      .forUpdate()
      .first()
  }

  /** Records a qualifying event once: a second insert with the same key does nothing. True when recorded now. */
  async insertQualification(trx: Transaction, row: QualificationInsert): Promise<boolean> {
    const spendRaw = row.spend === null ? null : JSON.stringify({ value: row.spend, precision: 20 })
    const result = await trx.raw(
      `INSERT INTO ${TIER_QUALIFICATION}
         (id, account_id, kind, source_type, source_id, idempotency_key, spend, raw_spend, amount, raw_amount,
          currency_code, orders, occurred_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?, ?)
       ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING`,
      [
        generateEntityId(undefined, "ktq"),
        row.account_id,
        row.kind,
        row.source_type,
        row.source_id,
        row.idempotency_key,
        row.spend,
        spendRaw,
        row.amount,
        JSON.stringify({ value: row.amount, precision: 20 }),
        row.currency_code,
        row.orders,
        row.occurred_at,
      ]
    )
    return (result.rowCount ?? 0) > 0
  }

  /**
   * An account's recorded spend and orders since `since` (all time when
   * null), with those of accounts merged into it; and the points earned
   * (net of reversals; adjustments only when `countAdjustments`). One
   * indexed range read per table.
   */
  async qualifyingTotals(
    trx: Transaction,
    accountId: string,
    since: Date | null,
    countAdjustments: boolean
  ): Promise<{ spend: string; orders: number; points: number }> {
    const result = await trx.raw(
      `WITH members AS (SELECT id FROM ${ACCOUNT} WHERE id = ? OR merged_into_id = ?)
       SELECT (SELECT COALESCE(SUM(spend), 0)::text FROM ${TIER_QUALIFICATION}
                WHERE account_id IN (SELECT id FROM members) AND deleted_at IS NULL
                  AND (?::timestamptz IS NULL OR occurred_at >= ?)) AS spend,
              (SELECT GREATEST(COALESCE(SUM(orders), 0), 0)::int FROM ${TIER_QUALIFICATION}
                WHERE account_id IN (SELECT id FROM members) AND deleted_at IS NULL
                  AND (?::timestamptz IS NULL OR occurred_at >= ?)) AS orders,
              (SELECT COALESCE(SUM(lifetime_delta), 0)::int FROM ${ENTRY}
                WHERE account_id IN (SELECT id FROM members) AND deleted_at IS NULL AND reason <> 'merge'
                  AND (? OR reason <> 'adjustment')
                  AND (?::timestamptz IS NULL OR created_at >= ?)) AS points`,
      [accountId, accountId, since, since, since, since, countAdjustments, since, since]
    )
    return result.rows[0]
  }

  async updateTierState(trx: Transaction, accountId: string, patch: Partial<AccountTierRow>) {
    await trx(ACCOUNT).where({ id: accountId }).update({ ...patch, updated_at: new Date() })
  }
}
