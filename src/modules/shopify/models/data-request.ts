import { model } from "@medusajs/framework/utils"

export const DATA_REQUEST_STATUSES = ["ready", "empty", "erased"] as const
export type DataRequestStatus = (typeof DATA_REQUEST_STATUSES)[number]

/**
 * A `customers/data_request` Shopify forwarded: the export of what Kapy
 * holds about the customer, kept for the shop's admin to download and
 * hand to the customer (Shopify leaves that to the merchant). One per
 * delivery (unique), so a retried delivery keeps one export.
 *
 * `empty`: Kapy knew nothing of the customer (nothing to hand over).
 * `erased`: a later `customers/redact` or `shop/redact` dropped the export
 * and the customer's ids; the row stays as the record that the request
 * was answered.
 */
const ShopifyDataRequest = model
  .define(
    { tableName: "kapy_shopify_data_request", name: "ShopifyDataRequest" },
    {
      id: model.id({ prefix: "ksdr" }).primaryKey(),
      shop_domain: model.text(),
      delivery_id: model.text(),
      /** Shopify's `data_request.id`. */
      data_request_id: model.text().nullable(),
      shopify_customer_id: model.text().nullable(),
      email: model.text().nullable(),
      /** The member (loyalty account) the export is of, when Kapy knew the customer. */
      account_id: model.text().nullable(),
      status: model.enum([...DATA_REQUEST_STATUSES]),
      export: model.json().nullable(),
    }
  )
  .indexes([
    { on: ["delivery_id"], unique: true },
    { on: ["shopify_customer_id"], where: "shopify_customer_id IS NOT NULL" },
    { on: ["shop_domain", "created_at"] },
  ])

export default ShopifyDataRequest
