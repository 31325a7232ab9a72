/**
 * Payloads of the compliance topics and of `app/uninstalled`, in the shapes
 * Shopify documents (shopify.dev, "Privacy law compliance" and the REST Shop
 * resource), as JSON text so ids above 2^53 stay exact.
 */

/** The shop's numeric id in the compliance payloads. */
export const SHOP_ID = "954889"

/** `shop/redact`, 48 hours after `app/uninstalled`: the shop and nothing else. */
export function shopRedactPayload({ shop }: { shop: string }) {
  return JSON.stringify({ shop_id: "__SHOP_ID__", shop_domain: shop }).replace('"__SHOP_ID__"', SHOP_ID)
}

/** `customers/redact`: one customer of the shop, and their orders to redact. */
export function customersRedactPayload({
  shop,
  customer_id,
  email,
  phone = null,
  orders_to_redact = [],
}: {
  shop: string
  customer_id: string
  email: string
  phone?: string | null
  orders_to_redact?: string[]
}) {
  return JSON.stringify({
    shop_id: "__SHOP_ID__",
    shop_domain: shop,
    customer: { id: "__CUSTOMER_ID__", email, phone },
    orders_to_redact: orders_to_redact.map((id) => `__ORDER_${id}__`),
  })
    .replace('"__SHOP_ID__"', SHOP_ID)
    .replace('"__CUSTOMER_ID__"', customer_id)
    .replace(/"__ORDER_(\d+)__"/g, "$1")
}

/** `customers/data_request`: the customer, the orders they asked about, and the request's id. */
export function customersDataRequestPayload({
  shop,
  customer_id,
  email,
  data_request_id = "9999",
  orders_requested = [],
}: {
  shop: string
  customer_id: string
  email: string
  data_request_id?: string
  orders_requested?: string[]
}) {
  return JSON.stringify({
    shop_id: "__SHOP_ID__",
    shop_domain: shop,
    orders_requested: orders_requested.map((id) => `__ORDER_${id}__`),
    customer: { id: "__CUSTOMER_ID__", email, phone: null },
    data_request: { id: "__DATA_REQUEST_ID__" },
  })
    .replace('"__SHOP_ID__"', SHOP_ID)
    .replace('"__CUSTOMER_ID__"', customer_id)
    .replace('"__DATA_REQUEST_ID__"', data_request_id)
    .replace(/"__ORDER_(\d+)__"/g, "$1")
}

/** `app/uninstalled`: the REST Shop resource of the shop the app left. */
export function appUninstalledPayload({ shop }: { shop: string }) {
  return JSON.stringify({
    id: "__SHOP_ID__",
    name: "Kapy test shop",
    email: "owner@example.com",
    domain: shop,
    myshopify_domain: shop,
    country_code: "FI",
    currency: "EUR",
    plan_name: "basic",
    created_at: "2026-01-05T10:00:00+02:00",
    updated_at: new Date().toISOString(),
  }).replace('"__SHOP_ID__"', SHOP_ID)
}
