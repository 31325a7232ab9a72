import { model } from "@medusajs/framework/utils"
import { REVIEW_STATUSES } from "../../../rules/awards"

/**
 * A shopper's review of a product. One per product per customer (a partial
 * unique index over live rows). Text is stored as plain text (HTML and
 * control characters stripped before it gets here); the writer is shown
 * only by `display_name` ("Aino K."), taken when the review was written.
 *
 * - `pending`: waits for an admin (the writer may still edit it);
 * - `approved`: shown on the product; `award_entry_id` is the ledger entry
 *   of its cones (null when the program gave 0);
 * - `rejected`: hidden, with the admin's `reject_reason`.
 */
const Review = model
  .define(
    { tableName: "kapy_review", name: "Review" },
    {
      id: model.id({ prefix: "krev" }).primaryKey(),
      product_id: model.text(),
      customer_id: model.text(),
      display_name: model.text(),
      rating: model.number(),
      title: model.text().searchable(),
      content: model.text().searchable(),
      status: model.enum([...REVIEW_STATUSES]).default("pending"),
      verified_purchase: model.boolean().default(false),
      reject_reason: model.text().nullable(),
      decided_by: model.text().nullable(),
      decided_at: model.dateTime().nullable(),
      award_entry_id: model.text().nullable(),
      metadata: model.json().nullable(),
    }
  )
  .indexes([
    { on: ["product_id", "customer_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["product_id", "status", "created_at"], where: "deleted_at IS NULL" },
    { on: ["status", "created_at"], where: "deleted_at IS NULL" },
    { on: ["customer_id"] },
  ])
  .checks([
    { name: "kapy_review_rating_1_to_5", expression: (c) => `${c.rating} BETWEEN 1 AND 5` },
    {
      name: "kapy_review_reason_when_rejected",
      expression: (c) => `${c.status} <> 'rejected' OR ${c.reject_reason} IS NOT NULL`,
    },
  ])

export default Review
