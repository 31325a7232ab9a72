import { model } from "@medusajs/framework/utils"

export const DELIVERY_STATUSES = ["received", "processed", "skipped", "failed", "dead"] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

/**
 * One webhook delivery Shopify made, stored after its HMAC was verified
 * and its body checked against its topic's payload. Two unique indexes
 * make it one delivery: `webhook_id` (X-Shopify-Webhook-Id), which Shopify
 * keeps on its retries, and `event_id` (X-Shopify-Event-Id) within the
 * shop and topic, which Shopify keeps on every copy of one event, also
 * when a second subscription to the topic brings it under another webhook
 * id. The topic is part of the key so that no two topics' deliveries can
 * ever be taken for each other.
 *
 * It is also the batched earner's inbox (`earnShopifyInbox`): due rows
 * (`received`, or `failed` and past their backoff) are claimed in batches;
 * after 8 failed tries a row is `dead`, kept with its error for the admin.
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
      /** The Shopify order it is about (orders/*, refunds/create): a batch keeps an order's deliveries together, in order. */
      order_key: model.text().nullable(),
      /** When the earner may next take it (now on arrival; later after a failure, by backoff). */
      next_attempt_at: model.dateTime(),
    }
  )
  .indexes([
    { on: ["webhook_id"], unique: true },
    { on: ["shop_domain", "topic", "event_id"], unique: true, where: "event_id IS NOT NULL" },
    { on: ["status", "created_at"] },
    { on: ["customer_id"], where: "customer_id IS NOT NULL" },
  ])

export default ShopifyWebhookDelivery
