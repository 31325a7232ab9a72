import { model } from "@medusajs/framework/utils"

/**
 * What one event contributed to an account's tier metric, recorded when it
 * happened: an order placed (its spend converted to the program's tier
 * currency at the program's rates, one order) or reversed (a refund's share
 * of that spend, and the order itself once fully reversed). Tier
 * evaluation sums these over the window instead of reading earn entries, so
 * an order that earned no points still qualifies by what was paid.
 *
 * `spend` is null when the order's currency has no rate: recorded, not
 * counted. `idempotency_key` (unique) keeps a redelivered event from
 * counting twice.
 */
const LoyaltyTierQualification = model
  .define(
    { tableName: "kapy_tier_qualification", name: "LoyaltyTierQualification" },
    {
      id: model.id({ prefix: "ktq" }).primaryKey(),
      account_id: model.text(),
      kind: model.enum(["placed", "reversed"]),
      source_type: model.text(),
      source_id: model.text(),
      idempotency_key: model.text(),
      /** In the program's tier currency; negative for reversals. */
      spend: model.bigNumber().nullable(),
      /** The amount as paid, in `currency_code`. */
      amount: model.bigNumber(),
      currency_code: model.text(),
      /** +1 for a placed order, -1 when an order is fully reversed, else 0. */
      orders: model.number().default(0),
      occurred_at: model.dateTime(),
      metadata: model.json().nullable(),
    }
  )
  .indexes([
    { on: ["idempotency_key"], unique: true },
    { on: ["account_id", "occurred_at"] },
    { on: ["occurred_at"] },
  ])

export default LoyaltyTierQualification
