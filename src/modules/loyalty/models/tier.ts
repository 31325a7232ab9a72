import { model } from "@medusajs/framework/utils"

/**
 * A membership level. `threshold` is in the program's tier metric (spend in
 * the tier currency, points earned, or order count); `multiplier` scales
 * earned points. The customer group carries tier prices through Medusa price
 * lists and promotions.
 */
const LoyaltyTier = model
  .define(
    { tableName: "kapy_tier", name: "LoyaltyTier" },
    {
      id: model.id({ prefix: "ktier" }).primaryKey(),
      name: model.text().searchable(),
      rank: model.number(),
      threshold: model.bigNumber(),
      multiplier: model.bigNumber(),
      discount_percent: model.bigNumber().nullable(),
      customer_group_id: model.text().nullable(),
      /** The Medusa price list (rule `customer.groups.id` = the tier's group) that carries tier prices. */
      price_list_id: model.text().nullable(),
      /** The automatic Medusa promotion of `discount_percent`, when set. */
      promotion_id: model.text().nullable(),
      perks: model.text().nullable(),
      /** Per-language names and perks, e.g. { fi: { name: "Hopea" } } */
      translations: model.json().nullable(),
      metadata: model.json().nullable(),
    }
  )
  .indexes([
    { on: ["rank"], unique: true, where: "deleted_at IS NULL" },
    { on: ["name"], unique: true, where: "deleted_at IS NULL" },
  ])

export default LoyaltyTier
