import { model } from "@medusajs/framework/utils"
import {
  LEDGER_ACTOR_TYPES,
  LEDGER_REASONS,
} from "../../../types/loyalty"
import LoyaltyAccount from "./account"

/**
 * One line of the append-only ledger, keyed by account only: no personal
 * data, so erasing a person never touches history. Nothing updates or deletes an entry
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
      /**
       * The change the key stands for. Equal to the key, except for a retry
       * after the first attempt was voided by a compensation: that attempt
       * is stored as `<scope>#2`, `#3`…, so the scope's latest entry that no
       * void cancels is what the key has done.
       */
      idempotency_scope: model.text(),
      /** Set on the entry that voids another (a workflow's compensation): at most one per entry. */
      voids_entry_id: model.text().nullable(),
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
    { on: ["idempotency_scope", "created_at"] },
    { on: ["voids_entry_id"], unique: true, where: "voids_entry_id IS NOT NULL" },
    { on: ["account_id", "created_at"] },
    { on: ["source_type", "source_id"] },
    { on: ["origin_entry_id"], where: "origin_entry_id IS NOT NULL" },
  ])

export default LoyaltyEntry
