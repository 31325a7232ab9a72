import { model } from "@medusajs/framework/utils"

export const DISCOUNT_CODE_STATUSES = ["creating", "active", "used", "expired", "failed"] as const
export type DiscountCodeStatus = (typeof DISCOUNT_CODE_STATUSES)[number]

/**
 * A single-use discount code a member bought with cones through the app
 * proxy. `creating` while Shopify is asked; `active` once it exists;
 * `used` when an order used it; `expired` when it lapsed unused, was
 * deleted and its cones given back (once: a conditional update from
 * `active`); `failed` when Shopify refused it (the cones came back).
 */
const ShopifyDiscountCode = model
  .define(
    { tableName: "kapy_shopify_discount_code", name: "ShopifyDiscountCode" },
    {
      id: model.id({ prefix: "ksdc" }).primaryKey(),
      shop_domain: model.text(),
      code: model.text(),
      account_id: model.text(),
      shopify_customer_id: model.text().nullable(),
      /** The Shopify discount's gid, once created. */
      shopify_discount_id: model.text().nullable(),
      points: model.number(),
      amount: model.bigNumber(),
      currency_code: model.text(),
      status: model.enum([...DISCOUNT_CODE_STATUSES]).default("creating"),
      /** The redemption entry that paid for it, and the entry that gave the cones back. */
      spend_entry_id: model.text().nullable(),
      return_entry_id: model.text().nullable(),
      expires_at: model.dateTime(),
      used_at: model.dateTime().nullable(),
      note: model.text().nullable(),
    }
  )
  .indexes([
    { on: ["code"], unique: true },
    { on: ["status", "expires_at"] },
    { on: ["account_id"] },
  ])
  .checks([{ name: "kapy_shopify_discount_code_points_positive", expression: (c) => `${c.points} > 0` }])

export default ShopifyDiscountCode
