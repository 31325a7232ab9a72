import { z } from "@medusajs/framework/zod"
import type { SHOPIFY_WEBHOOK_TOPICS } from "./process-delivery"

/**
 * What each webhook topic's body must look like before Kapy stores it.
 *
 * Shopify signs the body only, not the `X-Shopify-Topic` header: a captured,
 * correctly signed body can be re-posted under another topic. Each schema
 * names the fields that identify its topic's documented payload (REST
 * resources for orders, refunds, customers and the shop; the compliance
 * payloads of `customers/data_request`, `customers/redact` and
 * `shop/redact`), and refuses the fields that identify a neighbour, so that
 * no topic's body passes as another's. Unknown fields are let through
 * (Shopify adds fields to resources over versions), except for
 * `shop/redact`: the one that erases a whole shop takes its two documented
 * fields and nothing else.
 *
 * Ids arrive as numbers, or as digit strings when above 2^53
 * (`parseShopifyJson`).
 */
const id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
const gid = (type: string) => z.string().regex(new RegExp(`^gid://shopify/${type}/\\d+$`), `must be a Shopify ${type} id`)
const shopDomain = z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be a *.myshopify.com domain")
/** A field another topic's body has: its presence marks the body as that topic's. */
const absent = z.undefined({ error: "belongs to another topic's payload" }).optional()

const order = {
  id,
  admin_graphql_api_id: gid("Order"),
  currency: z.string().min(3),
  line_items: z.array(z.unknown()),
  // the compliance payloads' fields
  shop_id: absent,
  customer_id: absent,
}

const customer = z.object({
  id,
  admin_graphql_api_id: gid("Customer"),
  email: z.string().nullable().optional(),
  line_items: absent,
  order_id: absent,
  shop_id: absent,
  myshopify_domain: absent,
})

const complianceCustomer = z.object({
  id,
  email: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
})

export const SHOPIFY_TOPIC_PAYLOADS = {
  "orders/paid": z.object(order),
  // the whole order too, but only its id and the cancellation are read
  "orders/cancelled": z.object({
    id,
    admin_graphql_api_id: gid("Order"),
    cancelled_at: z.string({ error: "an orders/cancelled payload has cancelled_at" }).min(1),
    shop_id: absent,
    customer_id: absent,
  }),
  "refunds/create": z.object({
    id,
    admin_graphql_api_id: gid("Refund").optional(),
    order_id: id,
    refund_line_items: z.array(z.unknown()),
    transactions: z.array(z.unknown()),
    line_items: absent,
    shop_id: absent,
  }),
  "customers/create": customer,
  "customers/update": customer,
  "app/uninstalled": z.object({
    id,
    myshopify_domain: shopDomain,
    admin_graphql_api_id: gid("Shop").optional(),
    line_items: absent,
    shop_id: absent,
    customer: absent,
  }),
  "customers/data_request": z.object({
    shop_id: id,
    shop_domain: shopDomain,
    customer: complianceCustomer,
    orders_requested: z.array(z.unknown()),
    data_request: z.object({ id }),
    orders_to_redact: absent,
  }),
  "customers/redact": z.object({
    shop_id: id,
    shop_domain: shopDomain,
    customer: complianceCustomer,
    orders_to_redact: z.array(z.unknown()),
    orders_requested: absent,
    data_request: absent,
  }),
  "shop/redact": z.strictObject({ shop_id: id, shop_domain: shopDomain }),
} satisfies Record<(typeof SHOPIFY_WEBHOOK_TOPICS)[number], z.ZodType>

export type ShopifyTopic = keyof typeof SHOPIFY_TOPIC_PAYLOADS

export type TopicPayloadCheck =
  | { valid: true; topic: ShopifyTopic; shop_domain: string | null }
  | { valid: false; message: string }

/**
 * Checks a parsed webhook body against its topic's schema. `shop_domain`
 * is the shop the body itself names (the compliance payloads' `shop_domain`,
 * the shop's `myshopify_domain` for `app/uninstalled`), null when the topic's
 * body names none; the caller compares it with the header's.
 *
 * @example
 * checkTopicPayload("shop/redact", { shop_id: 954889, shop_domain: "kapy.myshopify.com" })
 * // { valid: true, topic: "shop/redact", shop_domain: "kapy.myshopify.com" }
 */
export function checkTopicPayload(topic: string, payload: unknown): TopicPayloadCheck {
  if (!Object.prototype.hasOwnProperty.call(SHOPIFY_TOPIC_PAYLOADS, topic)) {
    return { valid: false, message: `The webhook topic ${topic} is not one Kapy subscribes to` }
  }
  const known = topic as ShopifyTopic
  const parsed = SHOPIFY_TOPIC_PAYLOADS[known].safeParse(payload)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path?.length ? issue.path.join(".") : "the body"
    return { valid: false, message: `The body is not a ${topic} payload: ${where} ${issue?.message ?? "is invalid"}` }
  }
  const body = parsed.data as { shop_domain?: string; myshopify_domain?: string }
  return { valid: true, topic: known, shop_domain: body.shop_domain ?? body.myshopify_domain ?? null }
}
