import { customerPayload, dataRequestPayload, orderPayload, redactPayload, refundPayload } from "../../../../integration-tests/shopify/payloads"
import { parseShopifyJson } from "../utils/payload"
import { SHOPIFY_WEBHOOK_TOPICS } from "../utils/process-delivery"
import { checkTopicPayload } from "../utils/topic-payloads"

const SHOP = "kapy-test.myshopify.com"
const bodies: Record<(typeof SHOPIFY_WEBHOOK_TOPICS)[number], string> = {
  "orders/paid": orderPayload({ id: "5801234567890123457", customer: { id: "7401234567890123459", email: "aino@example.com" }, lines: [] }),
  "orders/cancelled": JSON.stringify({ id: 1, admin_graphql_api_id: "gid://shopify/Order/1", cancelled_at: "2026-12-07T05:00:00Z", cancel_reason: "customer" }),
  "refunds/create": refundPayload({ id: "9101234567890123451", order_id: "5801234567890123457", amount: "10.00" }),
  "customers/create": customerPayload({ id: "7401234567890123459", email: "aino@example.com" }),
  "customers/update": customerPayload({ id: "7401234567890123459", email: "aino@example.com" }),
  "app/uninstalled": JSON.stringify({ id: 954889, domain: SHOP, myshopify_domain: SHOP }),
  "customers/data_request": dataRequestPayload({ shop: SHOP, customer_id: "7401234567890123459", email: "aino@example.com" }),
  "customers/redact": redactPayload({ shop: SHOP, customer_id: "7401234567890123459", email: "aino@example.com" }),
  "shop/redact": JSON.stringify({ shop_id: 954889, shop_domain: SHOP }),
}
// customers/create and customers/update share Shopify's customer payload
const sameShape = (a: string, b: string) => a.startsWith("customers/") && b.startsWith("customers/") && !/redact|data_request/.test(a + b)

describe("a webhook body must be its topic's payload (Shopify signs the body, not the topic header)", () => {
  it.each(SHOPIFY_WEBHOOK_TOPICS)("accepts Shopify's %s payload under its own topic", (topic) => {
    expect(checkTopicPayload(topic, parseShopifyJson(bodies[topic]))).toEqual(expect.objectContaining({ valid: true, topic }))
  })

  it.each(SHOPIFY_WEBHOOK_TOPICS)("refuses the %s payload under every other topic", (bodyTopic) => {
    const passesAs = SHOPIFY_WEBHOOK_TOPICS.filter(
      (topic) => topic !== bodyTopic && !sameShape(topic, bodyTopic) && checkTopicPayload(topic, parseShopifyJson(bodies[bodyTopic])).valid
    )
    expect(passesAs).toEqual([])
  })

  it("says why: an orders/paid body posted as shop/redact", () => {
    expect(checkTopicPayload("shop/redact", parseShopifyJson(bodies["orders/paid"]))).toEqual({
      valid: false,
      message: expect.stringMatching(/^The body is not a shop\/redact payload: /),
    })
  })

  it("names the shop the compliance and uninstall payloads are about", () => {
    expect(checkTopicPayload("shop/redact", { shop_id: 1, shop_domain: "other.myshopify.com" })).toEqual({ valid: true, topic: "shop/redact", shop_domain: "other.myshopify.com" })
    expect(checkTopicPayload("app/uninstalled", parseShopifyJson(bodies["app/uninstalled"]))).toEqual(expect.objectContaining({ shop_domain: SHOP }))
    expect(checkTopicPayload("orders/paid", parseShopifyJson(bodies["orders/paid"]))).toEqual(expect.objectContaining({ shop_domain: null }))
  })

  it("refuses a topic Kapy does not subscribe to", () => {
    expect(checkTopicPayload("products/update", {})).toEqual({ valid: false, message: "The webhook topic products/update is not one Kapy subscribes to" })
    expect(checkTopicPayload("__proto__", {})).toEqual(expect.objectContaining({ valid: false }))
  })

  it("takes shop/redact's two documented fields and nothing else", () => {
    expect(checkTopicPayload("shop/redact", { shop_id: 1, shop_domain: SHOP, customer: { id: 1 } }).valid).toBe(false)
  })
})
