import { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import type { EarningItem } from "./earning"

/**
 * Shopify orders in the program's terms. The rule book:
 *
 * 1. A Shopify order earns by the same rule as a Medusa order
 *    (`pointsForPurchase`): each line counts with what the shopper pays
 *    for it after its discounts (every discount allocated to the line,
 *    order-level codes included — Kapy's own cone codes too, so the part
 *    paid with cones never earns), tax included when the shop's prices
 *    include tax, in the shop's currency. Shipping never counts.
 * 2. A test order, a voided one and a cancelled one earn nothing; so does
 *    an order without a customer. The reason is said, for the log.
 * 3. Shopify's ids exceed 2^53: they are strings everywhere.
 */

export type ShopifyOrderLine = {
  id: string
  product_id: string | null
  quantity: number
  /** Unit price as Shopify charged it (tax included when `taxes_included`). */
  price: BigNumberInput
  /** Every discount allocated to the line, in money. */
  discount: BigNumberInput
  /** The line's tax. */
  tax: BigNumberInput
  /** A gift card sold: never earns (rule 1). */
  gift_card?: boolean
}

export type ShopifyOrderFacts = {
  id: string
  name: string | null
  customer: { id: string; email: string | null; verified_email: boolean } | null
  currency_code: string
  taxes_included: boolean
  test: boolean
  financial_status: string | null
  cancelled_at: string | null
  processed_at: string | null
  lines: ShopifyOrderLine[]
  discount_codes: string[]
  /** A referral code from the order's `ref` note attribute or its landing site's `ref` parameter. */
  referral_code: string | null
  /** The shopper's IP address as Shopify saw it (`browser_ip`, else `client_details.browser_ip`): the referral rules' per-IP limit. */
  browser_ip?: string | null
}

export type ShopifySkipReason = "test_order" | "voided" | "cancelled" | "no_customer" | "not_paid"

const EARNING_STATUSES = new Set(["paid", "partially_refunded", "refunded"])

/**
 * Why an order earns nothing (rule 2), or null when it earns. `require_paid`
 * is for orders read back by reconciliation (a webhook `orders/paid` is paid
 * by definition): only paid ones earn, refunded ones too (their refunds
 * reverse afterwards).
 */
export function shopifyOrderSkipReason(
  order: Pick<ShopifyOrderFacts, "test" | "financial_status" | "cancelled_at" | "customer">,
  { require_paid = false }: { require_paid?: boolean } = {}
): ShopifySkipReason | null {
  if (order.test) {
    return "test_order"
  }
  if (order.financial_status === "voided") {
    return "voided"
  }
  if (order.cancelled_at) {
    return "cancelled"
  }
  if (!order.customer) {
    return "no_customer"
  }
  if (require_paid && !EARNING_STATUSES.has(order.financial_status ?? "")) {
    return "not_paid"
  }
  return null
}

export const SHOPIFY_SKIP_MESSAGES: Record<ShopifySkipReason, string> = {
  test_order: "a test order earns nothing",
  voided: "a voided order earns nothing",
  cancelled: "a cancelled order earns nothing",
  no_customer: "an order without a customer earns nothing",
  not_paid: "an order that is not paid earns nothing yet",
}

/** The lines that count (rule 1): every line but gift cards. */
export function shopifyEarningLines(order: Pick<ShopifyOrderFacts, "lines">): ShopifyOrderLine[] {
  return order.lines.filter((line) => !line.gift_card)
}

/** What the shopper paid for a line after its discounts, as the shop's prices show it (tax in it when they include tax). */
function linePaid(line: ShopifyOrderLine) {
  return MathBN.sub(MathBN.mult(line.price, line.quantity), line.discount)
}

/** The earning rule's items for a Shopify order (rule 1). */
export function shopifyEarningItems(order: Pick<ShopifyOrderFacts, "lines" | "taxes_included">): EarningItem[] {
  return shopifyEarningLines(order).map((line) => {
    const paid = linePaid(line)
    return {
      total: order.taxes_included ? paid : MathBN.add(paid, line.tax),
      tax_total: MathBN.convert(line.tax),
      is_tax_inclusive: order.taxes_included,
      product_id: line.product_id,
    }
  })
}

/**
 * The subtotal refunds are measured against (rule 4): the counting lines
 * after their discounts, as the shop's prices show them.
 *
 * @example
 * // two 50.00 lines, prices include 20 % VAT: 100.00
 * shopifyItemsSubtotal({ lines: [{ price: "50.00", quantity: 2, discount: "0", ... }] }) // "100"
 */
export function shopifyItemsSubtotal(order: Pick<ShopifyOrderFacts, "lines">): string {
  return shopifyEarningLines(order)
    .reduce((sum, line) => MathBN.add(sum, linePaid(line)), MathBN.convert(0))
    .toString()
}

/** A Shopify numeric id from a number, a numeric string or a gid (`gid://shopify/Order/123`). */
export function shopifyId(value: unknown): string | null {
  if (value === null || value === undefined || value === "") {
    return null
  }
  const text = String(value)
  const match = /(\d+)$/.exec(text)
  return match ? match[1] : null
}

/**
 * The orders placed before this one (rule 5).
 *
 * @example
 * ordersBeforeShopifyOrder({ number_of_orders: "1", earlier_orders_seen: 0 }) // 0: a first order
 * ordersBeforeShopifyOrder({ number_of_orders: null, earlier_orders_seen: 2 }) // 2
 */
export function ordersBeforeShopifyOrder({
  number_of_orders,
  earlier_orders_seen,
}: {
  /** `Customer.numberOfOrders` (an UnsignedInt64 as a string), null when unknown. */
  number_of_orders: string | number | null
  earlier_orders_seen: number
}): number {
  const shopify = number_of_orders === null || number_of_orders === undefined ? 0 : Math.max(0, Number(number_of_orders) - 1)
  return Math.max(shopify, earlier_orders_seen, 0)
}
