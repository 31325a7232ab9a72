import { model } from "@medusajs/framework/utils"
import { CLAIM_STATUSES, CLAIM_TYPES } from "../../../rules/awards"

/**
 * A member's claim to cones for something the shop cannot see happen: a
 * social follow (`platform`, the `handle` they followed with) or a custom
 * action an admin defined (`action_id`, their `evidence`). Keyed by
 * account. `points` is what the program offered when it was claimed.
 *
 * Decided once: `pending` becomes `approved` (with `entry_id`, the ledger
 * entry of its cones, null when it offered 0) or `rejected` (with
 * `reject_reason`), under the claim's row lock. A platform is claimed once
 * per account: a partial unique index over claims that were not rejected.
 */
const LoyaltyClaim = model
  .define(
    { tableName: "kapy_claim", name: "LoyaltyClaim" },
    {
      id: model.id({ prefix: "kclm" }).primaryKey(),
      account_id: model.text(),
      type: model.enum([...CLAIM_TYPES]),
      platform: model.text().nullable(),
      action_id: model.text().nullable(),
      handle: model.text().searchable().nullable(),
      evidence: model.text().searchable().nullable(),
      status: model.enum([...CLAIM_STATUSES]).default("pending"),
      points: model.number(),
      reject_reason: model.text().nullable(),
      decided_by: model.text().nullable(),
      decided_at: model.dateTime().nullable(),
      entry_id: model.text().nullable(),
      metadata: model.json().nullable(),
    }
  )
  .indexes([
    {
      on: ["account_id", "platform"],
      unique: true,
      where: "type = 'social_follow' AND status <> 'rejected' AND deleted_at IS NULL",
    },
    { on: ["account_id", "created_at"] },
    { on: ["action_id", "account_id", "created_at"], where: "action_id IS NOT NULL" },
    { on: ["status", "created_at"] },
  ])
  .checks([
    {
      name: "kapy_claim_target",
      expression: (c) =>
        `(${c.type} = 'social_follow' AND ${c.platform} IS NOT NULL) OR (${c.type} = 'custom' AND ${c.action_id} IS NOT NULL)`,
    },
    { name: "kapy_claim_points_not_negative", expression: (c) => `${c.points} >= 0` },
    {
      name: "kapy_claim_reason_when_rejected",
      expression: (c) => `${c.status} <> 'rejected' OR ${c.reject_reason} IS NOT NULL`,
    },
  ])

export default LoyaltyClaim
