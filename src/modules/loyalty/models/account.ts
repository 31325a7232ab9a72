import { model } from "@medusajs/framework/utils"
import LoyaltyEntry from "./entry"
import LoyaltyLot from "./lot"

/**
 * One member's balances, kept equal to the sum of their ledger entries.
 * The balance columns are written only by the ledger, in the same
 * transaction as the entry that changes them and under this row's lock, so
 * reading a balance never sums the history.
 *
 * `points_balance` may be negative: a reversal (refund, cancellation) can
 * take back points that were already spent; later earnings pay it back.
 */
const LoyaltyAccount = model
  .define(
    { tableName: "kapy_account", name: "LoyaltyAccount" },
    {
      id: model.id({ prefix: "kacc" }).primaryKey(),
      customer_id: model.text(),
      points_balance: model.number().default(0),
      points_pending: model.number().default(0),
      /** Points earned over the account's life, net of reversed earnings. */
      lifetime_points: model.number().default(0),
      /** Points spent over the account's life, net of spends given back. */
      lifetime_redeemed: model.number().default(0),
      tier_id: model.text().nullable(),
      referral_code: model.text().searchable(),
      birthday: model.dateTime().nullable(),
      metadata: model.json().nullable(),
      entries: model.hasMany(() => LoyaltyEntry, { mappedBy: "account" }),
      lots: model.hasMany(() => LoyaltyLot, { mappedBy: "account" }),
    }
  )
  .indexes([
    { on: ["customer_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["referral_code"], unique: true, where: "deleted_at IS NULL" },
  ])
  .checks([
    {
      name: "kapy_account_pending_not_negative",
      expression: (columns) => `${columns.points_pending} >= 0`,
    },
  ])

export default LoyaltyAccount
