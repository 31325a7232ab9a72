import { model } from "@medusajs/framework/utils"
import { ACCOUNT_STATUSES } from "../../../types/loyalty"
import LoyaltyEntry from "./entry"
import LoyaltyIdentity from "./identity"
import LoyaltyLot from "./lot"

/**
 * One member's balances, kept equal to the sum of their ledger entries.
 * The balance columns are written only by the ledger, in the same
 * transaction as the entry that changes them and under this row's lock, so
 * reading a balance never sums the history.
 *
 * `points_balance` may be negative: a reversal (refund, cancellation) can
 * take back points that were already spent; later earnings pay it back.
 *
 * An account is a member, not a Medusa customer: who it belongs to is in
 * its identities (a Medusa customer, a Shopify customer, or both). A merged
 * account keeps its history, holds nothing, and names the account it went
 * into; ledger writes addressed to it land on that one.
 */
const LoyaltyAccount = model
  .define(
    { tableName: "kapy_account", name: "LoyaltyAccount" },
    {
      id: model.id({ prefix: "kacc" }).primaryKey(),
      status: model.enum([...ACCOUNT_STATUSES]).default("active"),
      /** Set when this account was merged into another (status "merged"). */
      merged_into_id: model.text().nullable(),
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
      identities: model.hasMany(() => LoyaltyIdentity, { mappedBy: "account" }),
    }
  )
  .indexes([
    { on: ["merged_into_id"], where: "merged_into_id IS NOT NULL" },
    { on: ["referral_code"], unique: true, where: "deleted_at IS NULL" },
  ])
  .checks([
    {
      name: "kapy_account_pending_not_negative",
      expression: (columns) => `${columns.points_pending} >= 0`,
    },
    {
      name: "kapy_account_merged_holds_nothing",
      expression: (c) =>
        `${c.status} <> 'merged' OR (${c.merged_into_id} IS NOT NULL AND ${c.points_balance} = 0 AND ${c.points_pending} = 0)`,
    },
  ])

export default LoyaltyAccount
