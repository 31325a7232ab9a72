/**
 * Order, refund and customer payloads for counting, in Shopify's
 * documented REST webhook shapes (`orders/paid`, `orders/cancelled`,
 * `refunds/create`, `customers/create`, `customers/update`), written as
 * JSON text so ids above 2^53 stay exact. Money is given in the shop's
 * currency; a `presentment` currency (what the shopper paid in) shows in
 * the `*_set.presentment_money` fields and the transactions, as Shopify
 * writes them.
 */
import { customerPayload } from "./payloads"

export type CountedLine = {
  id: string
  product_id: string
  /** Unit price in the shop's currency, as the shop's prices show it. */
  price: string
  quantity: number
  /** The line's tax (all units), in the shop's currency. */
  tax?: string
  /** Discount allocated to the line (all units). */
  discount?: string
  gift_card?: boolean
}

/** The shopper's currency and how many of it one unit of the shop's currency is. */
export type Presentment = { currency: string; rate: number }

const money = (amount: number) => amount.toFixed(2)

function moneySet(amount: number, shop: string, presentment?: Presentment) {
  return {
    shop_money: { amount: money(amount), currency_code: shop },
    presentment_money: presentment
      ? { amount: money(amount * presentment.rate), currency_code: presentment.currency }
      : { amount: money(amount), currency_code: shop },
  }
}

/** Replaces the quoted placeholders by the bare integers Shopify writes. */
function withIds(json: string, ids: Record<string, string | null>) {
  let text = json
  for (const [placeholder, value] of Object.entries(ids)) {
    text = text.split(`"${placeholder}"`).join(value ?? "null")
  }
  return text.replace(/"__INT__(\d+)"/g, "$1")
}

export function countedOrderPayload({
  id,
  customer,
  lines,
  currency = "EUR",
  presentment,
  taxes_included = true,
  test = false,
  shipping = "10.00",
  discount_codes = [],
  cancelled_at = null,
  browser_ip = "203.0.113.7",
  note_attributes = [],
}: {
  id: string
  customer: { id: string; email: string; verified_email?: boolean } | null
  lines: CountedLine[]
  currency?: string
  presentment?: Presentment
  taxes_included?: boolean
  test?: boolean
  shipping?: string
  discount_codes?: { code: string; amount: string; type: string }[]
  cancelled_at?: string | null
  browser_ip?: string | null
  note_attributes?: { name: string; value: string }[]
}): string {
  const lineTotal = (l: CountedLine) => Number(l.price) * l.quantity - Number(l.discount ?? 0)
  const subtotal = lines.reduce((s, l) => s + lineTotal(l), 0)
  const tax = lines.reduce((s, l) => s + Number(l.tax ?? 0), 0)
  const total = subtotal + Number(shipping) + (taxes_included ? 0 : tax)
  const order = {
    id: "__ID__",
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id.slice(-4)}`,
    email: customer?.email ?? null,
    currency,
    presentment_currency: presentment?.currency ?? currency,
    taxes_included,
    test,
    financial_status: "paid",
    cancelled_at,
    created_at: new Date().toISOString(),
    processed_at: new Date().toISOString(),
    browser_ip,
    client_details: { browser_ip, user_agent: "Mozilla/5.0", accept_language: "fi-FI" },
    note_attributes,
    discount_codes,
    landing_site: "/",
    subtotal_price: money(subtotal),
    subtotal_price_set: moneySet(subtotal, currency, presentment),
    total_tax: money(tax),
    total_tax_set: moneySet(tax, currency, presentment),
    total_price: money(total),
    total_price_set: moneySet(total, currency, presentment),
    customer: customer
      ? { id: "__CUSTOMER_ID__", admin_graphql_api_id: `gid://shopify/Customer/${customer.id}`, email: customer.email, verified_email: customer.verified_email ?? true, state: "enabled" }
      : null,
    line_items: lines.map((line) => ({
      id: `__INT__${line.id}`,
      admin_graphql_api_id: `gid://shopify/LineItem/${line.id}`,
      product_id: `__INT__${line.product_id}`,
      quantity: line.quantity,
      gift_card: line.gift_card === true,
      price: line.price,
      price_set: moneySet(Number(line.price), currency, presentment),
      total_discount: line.discount ?? "0.00",
      total_discount_set: moneySet(Number(line.discount ?? 0), currency, presentment),
      discount_allocations: line.discount
        ? [{ amount: line.discount, amount_set: moneySet(Number(line.discount), currency, presentment), discount_application_index: 0 }]
        : [],
      tax_lines: line.tax ? [{ price: line.tax, price_set: moneySet(Number(line.tax), currency, presentment), rate: 0.2, title: "VAT" }] : [],
    })),
    shipping_lines: [{ id: `__INT__9${id.slice(-6)}1`, price: shipping, price_set: moneySet(Number(shipping), currency, presentment), title: "Posti" }],
  }
  return withIds(JSON.stringify(order), { __ID__: id, __CUSTOMER_ID__: customer?.id ?? null })
}

/**
 * A `refunds/create` payload: `items` are refunded lines of the order (by
 * quantity: the line's subtotal and tax in proportion), `shipping` a
 * shipping refund (a `refund_shipping_lines` entry and the order
 * adjustment Shopify writes), `tax` tax refunded alone (an order
 * adjustment). The transaction is the money moved, in the shopper's currency.
 */
export function countedRefundPayload({
  id,
  order_id,
  items = [],
  shipping,
  tax,
  currency = "EUR",
  presentment,
  taxes_included = true,
}: {
  id: string
  order_id: string
  items?: { line: CountedLine; quantity: number }[]
  shipping?: string
  tax?: string
  currency?: string
  presentment?: Presentment
  taxes_included?: boolean
}): string {
  const refundLines = items.map(({ line, quantity }, i) => {
    const share = quantity / line.quantity
    const subtotal = (Number(line.price) * line.quantity - Number(line.discount ?? 0)) * share
    const lineTax = Number(line.tax ?? 0) * share
    return {
      id: `__INT__9${id.slice(-6)}${i + 1}`,
      line_item_id: `__INT__${line.id}`,
      quantity,
      location_id: null,
      restock_type: "no_restock",
      subtotal: Number(money(subtotal)),
      subtotal_set: moneySet(subtotal, currency, presentment),
      total_tax: Number(money(lineTax)),
      total_tax_set: moneySet(lineTax, currency, presentment),
      line_item: {
        id: `__INT__${line.id}`,
        admin_graphql_api_id: `gid://shopify/LineItem/${line.id}`,
        product_id: `__INT__${line.product_id}`,
        quantity: line.quantity,
        gift_card: line.gift_card === true,
        price: line.price,
        price_set: moneySet(Number(line.price), currency, presentment),
      },
    }
  })
  const adjustments: any[] = []
  if (shipping) {
    adjustments.push({ id: `__INT__9${id.slice(-6)}8`, order_id: "__ORDER_ID__", refund_id: "__ID__", kind: "shipping_refund", reason: "Shipping refund",
      amount: money(-Number(shipping)), amount_set: moneySet(-Number(shipping), currency, presentment), tax_amount: "0.00", tax_amount_set: moneySet(0, currency, presentment) })
  }
  if (tax) {
    adjustments.push({ id: `__INT__9${id.slice(-6)}9`, order_id: "__ORDER_ID__", refund_id: "__ID__", kind: "refund_discrepancy", reason: "Tax refund",
      amount: "0.00", amount_set: moneySet(0, currency, presentment), tax_amount: money(-Number(tax)), tax_amount_set: moneySet(-Number(tax), currency, presentment) })
  }
  const moved =
    refundLines.reduce((s, l) => s + Number(l.subtotal_set.shop_money.amount) + (taxes_included ? 0 : Number(l.total_tax_set.shop_money.amount)), 0) +
    Number(shipping ?? 0) +
    Number(tax ?? 0)
  const paidIn = presentment?.currency ?? currency
  const refund = {
    id: "__ID__",
    admin_graphql_api_id: `gid://shopify/Refund/${id}`,
    order_id: "__ORDER_ID__",
    created_at: new Date().toISOString(),
    processed_at: new Date().toISOString(),
    note: null,
    restock: false,
    user_id: null,
    duties: [],
    refund_line_items: refundLines,
    refund_shipping_lines: shipping
      ? [{ id: `__INT__9${id.slice(-6)}7`, shipping_line_id: `__INT__9${order_id.slice(-6)}1`, subtotal_amount_set: moneySet(Number(shipping), currency, presentment) }]
      : [],
    order_adjustments: adjustments,
    transactions: [
      { id: `__INT__9${id.slice(-6)}6`, kind: "refund", status: "success", amount: money(moved * (presentment?.rate ?? 1)), currency: paidIn, gateway: "bogus" },
    ],
  }
  return withIds(JSON.stringify(refund), { __ID__: id, __ORDER_ID__: order_id })
}

/** A customer payload in a given `state` (enabled: an account; disabled, invited, declined: none). */
export function customerInState({ id, email, state, note = null }: { id: string; email: string; state: "enabled" | "disabled" | "invited" | "declined"; note?: string | null }) {
  return customerPayload({ id, email, note }).replace('"state":"enabled"', `"state":"${state}"`)
}
