import { model } from "@medusajs/framework/utils"

/**
 * VIP early access to a product: until `until`, only members holding one of
 * `tier_ids` see the product in the store API and may add it to a cart.
 * One row per product (setting it again replaces it); after `until` it no
 * longer restricts anything.
 */
const LoyaltyEarlyAccess = model
  .define(
    { tableName: "kapy_early_access", name: "LoyaltyEarlyAccess" },
    {
      id: model.id({ prefix: "kear" }).primaryKey(),
      product_id: model.text(),
      tier_ids: model.json(),
      until: model.dateTime(),
      /** The admin user who set it. */
      created_by: model.text().nullable(),
    }
  )
  .indexes([
    { on: ["product_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["until"], where: "deleted_at IS NULL" },
  ])

export default LoyaltyEarlyAccess
