import { model } from "@medusajs/framework/utils"
import {
  LEDGER_ACTOR_TYPES,
  LEDGER_REASONS,
} from "../../../types/loyalty"
import LoyaltyAccount from "./account"

/**
 * One line of the append-only ledger. Nothing updates or deletes an entry
 * (a database trigger refuses it); a correction is a new entry that points
 * at the one it corrects through `origin_entry_id`.
 *
 * Each entry states how it moved every stored total, so that for every
 * account `SUM(available_delta) = points_balance`, `SUM(pending_delta) =
 * points_pending`, `SUM(lifetime_delta) = lifetime_points` and
 * `SUM(redeemed_delta) = lifetime_redeemed` — the reconcile check.
 */
const LoyaltyEntry = model
  .define(
    { tableName: "kapy_ledger_entry", name: "LoyaltyEntry" },
    {
      id: model.id({ prefix: "kent" }).primaryKey(),
      account: model.belongsTo(() => LoyaltyAccount, { mappedBy: "entries" }),
      customer_id: model.text(),
      reason: model.enum([...LEDGER_REASONS]),
      /** Net change to the member's points: available_delta + pending_delta. */
      points: model.number(),
      available_delta: model.number(),
      pending_delta: model.number(),
      lifetime_delta: model.number(),
      redeemed_delta: model.number(),
      /** Available and pending balances right after this entry. */
      balance_after: model.number(),
      pending_after: model.number(),
      /** Unique: a retried event, webhook or request never counts twice. */
      idempotency_key: model.text(),
      source_type: model.text().nullable(),
      source_id: model.text().nullable(),
      /** The entry this one reverses or releases. */
      origin_entry_id: model.text().nullable(),
      actor_type: model.enum([...LEDGER_ACTOR_TYPES]),
      actor_id: model.text().nullable(),
      note: model.text().nullable(),
      sales_channel_id: model.text().nullable(),
      currency_code: model.text().nullable(),
      metadata: model.json().nullable(),
    }
  )
  .indexes([
    { on: ["idempotency_key"], unique: true },
    { on: ["account_id", "created_at"] },
    { on: ["source_type", "source_id"] },
    { on: ["origin_entry_id"], where: "origin_entry_id IS NOT NULL" },
  ])

export default LoyaltyEntry
