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
      /** When the member left the program (status "closed"), and when their data is due for erasure. */
      closed_at: model.dateTime().nullable(),
      erase_after: model.dateTime().nullable(),
      /** When the person's data was erased (no identity left); the ledger stays. */
      erased_at: model.dateTime().nullable(),
      points_balance: model.number().default(0),
      points_pending: model.number().default(0),
      /** Points earned over the account's life, net of reversed earnings. */
      lifetime_points: model.number().default(0),
      /** Points spent over the account's life, net of spends given back. */
      lifetime_redeemed: model.number().default(0),
      /**
       * The tier the member holds (the earned one, or an active override
       * above it): what the earn multiplier, the customer group and tier
       * prices follow. Written only by the tier evaluation.
       */
      tier_id: model.text().nullable(),
      tier_since: model.dateTime().nullable(),
      /** When the held tier lapses unless the member requalifies: a pending downgrade, or the override's end. */
      tier_expires_at: model.dateTime().nullable(),
      /** The tier the metric gives, with the grace period on the way down; apart from any override. */
      earned_tier_id: model.text().nullable(),
      earned_tier_since: model.dateTime().nullable(),
      /** The end of the earned tier's grace period; null when no downgrade is pending. */
      earned_tier_expires_at: model.dateTime().nullable(),
      /** An admin's floor: the member holds at least this tier until `tier_override_until` (null: until removed). */
      tier_override_id: model.text().nullable(),
      tier_override_until: model.dateTime().nullable(),
      tier_override_reason: model.text().nullable(),
      tier_override_by: model.text().nullable(),
      /** When the tier was last evaluated: the downgrade job finds accounts whose window moved since. */
      tier_evaluated_at: model.dateTime().nullable(),
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
    // the downgrade job's scan: only accounts with something due
    { on: ["tier_expires_at"], where: "tier_expires_at IS NOT NULL AND deleted_at IS NULL" },
    { on: ["earned_tier_expires_at"], where: "earned_tier_expires_at IS NOT NULL AND deleted_at IS NULL" },
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
