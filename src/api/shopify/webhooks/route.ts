import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { checkWebhookRequest } from "../../../modules/shopify/webhook-intake"
import { checkTopicPayload, deliveryCustomerId, deliveryOrderKey, parseShopifyJson } from "../../../workflows/shopify"
import { shopifyOf } from "../utils"

/**
 * Shopify's webhooks: the intake of the inbox, answered in milliseconds.
 * In this order: the HMAC is verified over the raw body (`node:crypto`,
 * constant-time), with Shopify's headers present and the delivery not
 * stale (`checkWebhookRequest`; wrong, missing or stale → 401, nothing read
 * or stored); the shop (`X-Shopify-Shop-Domain`) must be this one (401);
 * only then is the body parsed (ids as strings). Shopify signs the body,
 * not the headers, so the body must then be the topic's payload
 * (`checkTopicPayload`: a signed `orders/paid` body re-posted as
 * `shop/redact` → 400) and name the same shop as the header where it names
 * one (400). An unknown topic → 400. Then ONE insert into the inbox,
 * deduplicated by X-Shopify-Webhook-Id and by X-Shopify-Event-Id within its
 * topic (`ON CONFLICT DO NOTHING`), and 200. No event, workflow or member
 * lookup here: the earner (`kapy-shopify-earn-inbox`, worker mode) claims
 * the inbox in batches.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const shopify = shopifyOf(req)
  if (!shopify.isConfigured()) {
    return res.status(404).json({ type: "not_found", message: "The Shopify adapter is not configured" })
  }
  const options = shopify.requireOptions()
  const raw: Buffer = (req as any).rawBody ?? Buffer.alloc(0)
  const check = checkWebhookRequest(raw, (name) => req.get(name), options.api_secret)
  if (!check.valid) {
    return res.status(401).json({ type: "unauthorized", message: `Webhook refused: ${check.reason}` })
  }
  if (check.shop_domain !== options.shop) {
    return res.status(401).json({ type: "unauthorized", message: `Webhook refused: it comes from ${check.shop_domain}, not ${options.shop}` })
  }
  let payload: unknown
  try {
    payload = parseShopifyJson(raw)
  } catch {
    return res.status(400).json({ type: "invalid_data", message: "The webhook body is not JSON" })
  }
  const shape = checkTopicPayload(check.topic, payload)
  if (!shape.valid) {
    return res.status(400).json({ type: "invalid_data", message: `Webhook refused: ${shape.message}` })
  }
  if (shape.shop_domain !== null && shape.shop_domain !== check.shop_domain) {
    return res.status(400).json({
      type: "invalid_data",
      message: `Webhook refused: the body is about ${shape.shop_domain}, the delivery comes from ${check.shop_domain}`,
    })
  }
  const { delivery, created } = await shopify.recordDelivery({
    webhook_id: check.webhook_id,
    event_id: check.event_id,
    topic: check.topic,
    shop_domain: check.shop_domain,
    api_version: check.api_version,
    customer_id: deliveryCustomerId(check.topic, payload),
    order_key: deliveryOrderKey(check.topic, payload),
    payload,
  })
  res.status(200).json({ id: delivery.id, duplicate: !created })
}
