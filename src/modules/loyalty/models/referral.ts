import { model } from "@medusajs/framework/utils"
import { REFERRAL_STATUSES } from "../../../rules/referrals"

/**
 * One friend's referral: who referred whom, by loyalty account (never by
 * customer email), and how it stands.
 *
 * - `pending`: applied; the referrer is rewarded when the friend's first
 *   qualifying order (`order_id`) passes its pending period (`qualifies_at`).
 * - `completed`: the referrer got `referrer_points` (`referrer_entry_id`).
 * - `rejected`: a fraud rule held (`reason`, one of REFERRAL_REJECTIONS);
 *   kept for admins, who may overrule it (`overruled_reason`, `approval_note`).
 * - `void`: the qualifying order was cancelled or refunded (`reason`).
 *
 * One referral per friend (a unique index): a second code is refused, and
 * a rejection cannot be retried with another code.
 */
const LoyaltyReferral = model
  .define(
    { tableName: "kapy_referral", name: "LoyaltyReferral" },
    {
      id: model.id({ prefix: "kref" }).primaryKey(),
      referrer_account_id: model.text(),
      friend_account_id: model.text(),
      /** The code as the friend applied it (the referrer's, normalised). */
      code: model.text().searchable(),
      status: model.enum([...REFERRAL_STATUSES]).default("pending"),
      /** Why it is rejected or void; null while it stands. */
      reason: model.text().nullable(),
      /** The rejection an admin overruled, and why they did. */
      overruled_reason: model.text().nullable(),
      approval_note: model.text().nullable(),
      approved_by: model.text().nullable(),
      approved_at: model.dateTime().nullable(),
      /** HMAC of the friend's IP address at apply; the address itself is never kept. */
      ip_hash: model.text().nullable(),
      /** What the friend got: `{ type: "promotion", promotion_id, code, … }`, `{ type: "shopify_code", code, shopify_discount_id, … }` or `{ type: "points", points, entry_id }`. */
      friend_reward: model.json().nullable(),
      /** The friend's first qualifying order, and when its pending period ends. */
      order_id: model.text().nullable(),
      qualifies_at: model.dateTime().nullable(),
      completed_at: model.dateTime().nullable(),
      referrer_points: model.number().nullable(),
      referrer_entry_id: model.text().nullable(),
      metadata: model.json().nullable(),
    }
  )
  .indexes([
    { on: ["friend_account_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["referrer_account_id", "status"] },
    { on: ["order_id"], where: "order_id IS NOT NULL" },
    { on: ["qualifies_at"], where: "status = 'pending' AND qualifies_at IS NOT NULL" },
    { on: ["ip_hash", "created_at"], where: "ip_hash IS NOT NULL" },
  ])
  .checks([
    {
      name: "kapy_referral_reason_when_rejected_or_void",
      expression: (c) => `${c.status} NOT IN ('rejected', 'void') OR ${c.reason} IS NOT NULL`,
    },
    {
      name: "kapy_referral_completed_has_entry",
      expression: (c) => `${c.status} <> 'completed' OR (${c.completed_at} IS NOT NULL AND (${c.referrer_entry_id} IS NOT NULL OR ${c.referrer_points} = 0))`,
    },
  ])

export default LoyaltyReferral
