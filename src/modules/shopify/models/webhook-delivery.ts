import { model } from "@medusajs/framework/utils"

export const DELIVERY_STATUSES = ["received", "processed", "skipped", "failed"] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/**
 * One webhook delivery Shopify made, stored after its HMAC was verified.
 * `webhook_id` (X-Shopify-Webhook-Id) is unique: Shopify retries a delivery
 * with the same id, so a retry (or the same delivery arriving twice at
 * once) finds the row and does nothing more. `event_id`
 * (X-Shopify-Event-Id) links deliveries of one action to several topics.
 *
 * The payload holds personal data: it is kept only until the delivery is
 * processed (then null), and erased for a redacted customer.
 */
const ShopifyWebhookDelivery = model
  .define(
    { tableName: "kapy_shopify_webhook", name: "ShopifyWebhookDelivery" },
    {
      id: model.id({ prefix: "kswh" }).primaryKey(),
      webhook_id: model.text(),
      event_id: model.text().nullable(),
      topic: model.text(),
      shop_domain: model.text(),
      api_version: model.text().nullable(),
      status: model.enum([...DELIVERY_STATUSES]).default("received"),
      /** Why it was skipped or failed, in words. */
      note: model.text().nullable(),
      /** The Shopify customer it is about, when any (for redaction). */
      customer_id: model.text().nullable(),
      payload: model.json().nullable(),
      attempts: model.number().default(0),
      processed_at: model.dateTime().nullable(),
    }
  )
  .indexes([
    { on: ["webhook_id"], unique: true },
    { on: ["event_id"], where: "event_id IS NOT NULL" },
    { on: ["status", "created_at"] },
    { on: ["customer_id"], where: "customer_id IS NOT NULL" },
  ])

export default ShopifyWebhookDelivery
