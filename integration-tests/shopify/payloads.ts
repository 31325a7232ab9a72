/**
 * Webhook payloads in Shopify's documented REST shapes (orders/paid,
 * refunds/create, customers/create, the privacy topics), written as JSON
 * text so ids above 2^53 stay exact, as Shopify sends them.
 */

export type Line = { id: string; product_id: string; price: string; quantity: number; discount?: string; tax?: string }

export function orderPayload({
  id,
  customer,
  lines,
  currency = "EUR",
  taxes_included = true,
  test = false,
  financial_status = "paid",
  cancelled_at = null,
  note_attributes = [],
  discount_codes = [],
}: {
  id: string
  customer: { id: string; email: string; verified_email?: boolean } | null
  lines: Line[]
  currency?: string
  taxes_included?: boolean
  test?: boolean
  financial_status?: string
  cancelled_at?: string | null
  note_attributes?: { name: string; value: string }[]
  discount_codes?: { code: string; amount: string; type: string }[]
}): string {
  const order = {
    id: "__ID__",
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id.slice(-4)}`,
    email: customer?.email ?? null,
    currency,
    presentment_currency: currency,
    taxes_included,
    test,
    financial_status,
    cancelled_at,
    created_at: new Date().toISOString(),
    processed_at: new Date().toISOString(),
    note_attributes,
    discount_codes,
    landing_site: "/",
    customer: customer
      ? { id: "__CUSTOMER_ID__", admin_graphql_api_id: `gid://shopify/Customer/${customer.id}`, email: customer.email, verified_email: customer.verified_email ?? true }
      : null,
    line_items: lines.map((line) => ({
      id: "__LINE_ID__" + line.id,
      admin_graphql_api_id: `gid://shopify/LineItem/${line.id}`,
      product_id: "__PRODUCT_ID__" + line.product_id,
      quantity: line.quantity,
      price: line.price,
      total_discount: line.discount ?? "0.00",
      discount_allocations: line.discount ? [{ amount: line.discount, discount_application_index: 0 }] : [],
      tax_lines: line.tax ? [{ price: line.tax, rate: 0.255, title: "ALV" }] : [],
    })),
    shipping_lines: [{ price: "5.90", title: "Posti" }],
  }
  // numbers in the JSON text, as Shopify writes them (JSON.stringify would quote them)
  return JSON.stringify(order)
    .replace('"__ID__"', id)
    .replace('"__CUSTOMER_ID__"', customer?.id ?? "null")
    .replace(/"__LINE_ID__(\d+)"/g, "$1")
    .replace(/"__PRODUCT_ID__(\d+)"/g, "$1")
}

export function refundPayload({ id, order_id, amount, currency = "EUR" }: { id: string; order_id: string; amount: string; currency?: string }) {
  return JSON.stringify({
    id: "__ID__",
    admin_graphql_api_id: `gid://shopify/Refund/${id}`,
    order_id: "__ORDER_ID__",
    created_at: new Date().toISOString(),
    refund_line_items: [],
    transactions: [{ id: 1, kind: "refund", status: "success", amount, currency, gateway: "bogus" }],
  })
    .replace('"__ID__"', id)
    .replace('"__ORDER_ID__"', order_id)
}

export function customerPayload({ id, email, verified_email = true, note = null }: { id: string; email: string; verified_email?: boolean; note?: string | null }) {
  return JSON.stringify({
    id: "__ID__",
    admin_graphql_api_id: `gid://shopify/Customer/${id}`,
    email,
    verified_email,
    first_name: "Aino",
    last_name: "Virtanen",
    phone: null,
    orders_count: 0,
    note,
    state: "enabled",
  }).replace('"__ID__"', id)
}

export function redactPayload({ shop, customer_id, email }: { shop: string; customer_id: string; email: string }) {
  return JSON.stringify({
    shop_id: 954889,
    shop_domain: shop,
    customer: { id: "__ID__", email, phone: null },
    orders_to_redact: [],
  }).replace('"__ID__"', customer_id)
}

export function dataRequestPayload({ shop, customer_id, email }: { shop: string; customer_id: string; email: string }) {
  return JSON.stringify({
    shop_id: 954889,
    shop_domain: shop,
    orders_requested: [],
    customer: { id: "__ID__", email, phone: null },
    data_request: { id: 9999 },
  }).replace('"__ID__"', customer_id)
}
