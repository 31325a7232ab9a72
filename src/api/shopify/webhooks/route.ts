import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { checkTopicPayload, deliveryCustomerId, parseShopifyJson, SHOPIFY_WEBHOOK_RECEIVED } from "../../../workflows/shopify"
import { shopifyOf } from "../utils"

/**
 * Shopify's webhooks. In this order: the HMAC is verified by
 * `@shopify/shopify-api` over the raw body (wrong or missing → 401, nothing
 * read or stored); the shop (`X-Shopify-Shop-Domain`) must be this one
 * (401); only then is the body parsed (ids as strings). Shopify signs the
 * body, not the headers, so the body must then be the topic's payload
 * (`checkTopicPayload`: a signed `orders/paid` body re-posted as
 * `shop/redact` → 400) and name the same shop as the header where it names
 * one (400). An unknown topic → 400. The delivery is stored once by its
 * X-Shopify-Webhook-Id and once by its X-Shopify-Event-Id within its topic
 * (a retry, a concurrent copy or a second subscription's copy finds it and
 * stops). The answer goes at once; the work follows in a subscriber
 * (`kapy.shopify.webhook_received`), well within Shopify's 5 seconds.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const shopify = shopifyOf(req)
  if (!shopify.isConfigured()) {
    return res.status(404).json({ type: "not_found", message: "The Shopify adapter is not configured" })
  }
  const raw: Buffer = (req as any).rawBody ?? Buffer.alloc(0)
  const check = await shopify.api().webhooks.validate({ rawBody: raw.toString("utf8"), rawRequest: req, rawResponse: res })
  if (!check.valid) {
    return res.status(401).json({ type: "unauthorized", message: `Webhook refused: ${check.reason}` })
  }
  const options = shopify.requireOptions()
  if (check.domain !== options.shop) {
    return res.status(401).json({ type: "unauthorized", message: `Webhook refused: it comes from ${check.domain}, not ${options.shop}` })
  }
  let payload: unknown
  try {
    payload = parseShopifyJson(raw)
  } catch {
    return res.status(400).json({ type: "invalid_data", message: "The webhook body is not JSON" })
  }
  const topic = String(req.get("x-shopify-topic")).toLowerCase()
  const shape = checkTopicPayload(topic, payload)
  if (!shape.valid) {
    return res.status(400).json({ type: "invalid_data", message: `Webhook refused: ${shape.message}` })
  }
  if (shape.shop_domain !== null && shape.shop_domain !== check.domain) {
    return res.status(400).json({
      type: "invalid_data",
      message: `Webhook refused: the body is about ${shape.shop_domain}, the delivery comes from ${check.domain}`,
    })
  }
  const { delivery, created } = await shopify.recordDelivery({
    webhook_id: check.webhookId,
    event_id: req.get("x-shopify-event-id") || null,
    topic,
    shop_domain: check.domain,
    api_version: check.apiVersion,
    customer_id: deliveryCustomerId(topic, payload),
    payload,
  })
  if (created) {
    await req.scope.resolve(Modules.EVENT_BUS).emit({ name: SHOPIFY_WEBHOOK_RECEIVED, data: { id: delivery.id } })
  }
  res.status(200).json({ id: delivery.id, duplicate: !created })
}
