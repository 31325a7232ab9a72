import { model } from "@medusajs/framework/utils"

/**
 * A tier's discount on Shopify: the customer segment of the tier's tag
 * (`customer_tags CONTAINS 'kapy-tier-gold'`) and the automatic discount
 * that gives the tier's percentage to that segment, created and updated by
 * the adapter.
 */
const ShopifyTierDiscount = model
  .define(
    { tableName: "kapy_shopify_tier_discount", name: "ShopifyTierDiscount" },
    {
      id: model.id({ prefix: "kstd" }).primaryKey(),
      shop_domain: model.text(),
      tier_id: model.text(),
      segment_id: model.text().nullable(),
      discount_id: model.text().nullable(),
      /** The percentage the Shopify discount gives now (0-100). */
      percent: model.bigNumber().nullable(),
      synced_at: model.dateTime().nullable(),
    }
  )
  .indexes([{ on: ["shop_domain", "tier_id"], unique: true }])

export default ShopifyTierDiscount
