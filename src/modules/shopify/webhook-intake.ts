import { createHmac, timingSafeEqual } from "node:crypto"

/** How old a delivery may be when it arrives (X-Shopify-Triggered-At): Shopify retries a failed delivery for up to 48 hours. */
export const WEBHOOK_MAX_AGE_SECONDS = 48 * 60 * 60
/** How far in the future a delivery's trigger time may be (clocks differ a little). */
const CLOCK_SKEW_SECONDS = 5 * 60

export type WebhookHeaders = {
  webhook_id: string
  event_id: string | null
  topic: string
  shop_domain: string
  api_version: string
  triggered_at: Date | null
}

export type WebhookCheck = ({ valid: true } & WebhookHeaders) | { valid: false; reason: string }

/**
 * Checks a webhook delivery before anything of it is read: the
 * X-Shopify-Hmac-Sha256 header must be the base64 HMAC-SHA256 of the raw
 * body with the app's secret (compared in constant time, `node:crypto`),
 * Shopify's headers must be there, and the delivery must not be stale
 * (triggered more than `WEBHOOK_MAX_AGE_SECONDS` ago, or in the future).
 * It says nothing of the shop or the body's shape: the route checks those.
 *
 * @example
 * const check = checkWebhookRequest(rawBody, (name) => req.get(name), secret)
 */
export function checkWebhookRequest(
  raw: Buffer,
  header: (name: string) => string | undefined,
  secret: string,
  now: Date = new Date()
): WebhookCheck {
  if (!raw.length) {
    return { valid: false, reason: "missing_body" }
  }
  const given = header("x-shopify-hmac-sha256")
  if (!given) {
    return { valid: false, reason: "missing_hmac" }
  }
  const expected = createHmac("sha256", secret).update(raw).digest()
  const received = Buffer.from(given, "base64")
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    return { valid: false, reason: "invalid_hmac" }
  }
  const missing = ["x-shopify-topic", "x-shopify-shop-domain", "x-shopify-api-version", "x-shopify-webhook-id"].filter((name) => !header(name))
  if (missing.length) {
    return { valid: false, reason: `missing headers ${missing.join(", ")}` }
  }
  const triggered = header("x-shopify-triggered-at")
  const triggeredAt = triggered ? new Date(triggered) : null
  if (triggeredAt) {
    const age = (now.getTime() - triggeredAt.getTime()) / 1000
    if (!Number.isFinite(age) || age > WEBHOOK_MAX_AGE_SECONDS || age < -CLOCK_SKEW_SECONDS) {
      return { valid: false, reason: `stale: triggered at ${triggered}` }
    }
  }
  return {
    valid: true,
    webhook_id: header("x-shopify-webhook-id")!,
    event_id: header("x-shopify-event-id") || null,
    topic: String(header("x-shopify-topic")).toLowerCase(),
    shop_domain: header("x-shopify-shop-domain")!,
    api_version: header("x-shopify-api-version")!,
    triggered_at: triggeredAt,
  }
}
