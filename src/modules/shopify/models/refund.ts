import { model } from "@medusajs/framework/utils"

/**
 * A Shopify refund seen (by webhook or by reconciliation), once per refund
 * id: an order's refunded money is the sum of its rows, so a refund
 * delivered twice counts once and the reversal's target stays cumulative.
 */
const ShopifyRefund = model
  .define(
    { tableName: "kapy_shopify_refund", name: "ShopifyRefund" },
    {
      id: model.id({ prefix: "ksrf" }).primaryKey(),
      shop_domain: model.text(),
      refund_id: model.text(),
      order_id: model.text(),
      amount: model.bigNumber(),
      currency_code: model.text().nullable(),
    }
  )
  .indexes([
    { on: ["shop_domain", "refund_id"], unique: true },
    { on: ["shop_domain", "order_id"] },
  ])

export default ShopifyRefund
