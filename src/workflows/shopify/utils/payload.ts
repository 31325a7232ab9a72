import { isInteger, isSafeNumber, parse } from "lossless-json"
import { MathBN } from "@medusajs/framework/utils"
import type { RefundedLine } from "../../../rules/refunds"
import { shopifyId, ShopifyOrderFacts } from "../../../rules/shopify-orders"

/**
 * Parses a webhook body that was verified already. Shopify's ids exceed
 * 2^53, which `JSON.parse` rounds: integers too large for a double are kept
 * as their digits (strings) instead.
 */
export function parseShopifyJson(raw: string | Buffer): any {
  return parse(raw.toString("utf8"), null, (value: string) =>
    isInteger(value) && !isSafeNumber(value) ? value : Number(value)
  )
}

const sum = (values: unknown[]) =>
  values.reduce<any>((total, v) => MathBN.add(total, (v as any) ?? 0), MathBN.convert(0)).toString()

/** A referral code from note attributes (`ref`) or the landing site's `ref` parameter. */
export function referralCodeOf(order: any, param = "ref"): string | null {
  const attributes: any[] = order?.note_attributes ?? order?.customAttributes ?? []
  const attribute = attributes.find((a) => String(a?.name ?? a?.key ?? "").toLowerCase() === param)
  if (attribute?.value) {
    return String(attribute.value).trim()
  }
  const landing = order?.landing_site ?? null
  if (landing) {
    try {
      const found = new URL(String(landing), "https://shop.invalid").searchParams.get(param)
      if (found) {
        return found.trim()
      }
    } catch {
      // not a URL: no code
    }
  }
  return null
}

/** An order of a webhook payload (REST shape: `orders/paid`, `orders/cancelled`) as facts. */
export function orderFactsFromWebhook(order: any): ShopifyOrderFacts {
  const customer = order.customer
  return {
    id: shopifyId(order.admin_graphql_api_id ?? order.id)!,
    name: order.name ?? null,
    customer: customer
      ? {
          id: shopifyId(customer.admin_graphql_api_id ?? customer.id)!,
          email: customer.email ?? order.email ?? null,
          verified_email: customer.verified_email === true,
        }
      : null,
    currency_code: String(order.currency ?? "").toLowerCase(),
    taxes_included: order.taxes_included === true,
    test: order.test === true,
    financial_status: order.financial_status ? String(order.financial_status).toLowerCase() : null,
    cancelled_at: order.cancelled_at ?? null,
    processed_at: order.processed_at ?? order.created_at ?? null,
    lines: (order.line_items ?? []).map((line: any) => ({
      id: shopifyId(line.admin_graphql_api_id ?? line.id)!,
      product_id: shopifyId(line.product_id),
      quantity: Number(line.quantity ?? 0),
      price: String(line.price ?? "0"),
      discount: sum((line.discount_allocations ?? []).map((d: any) => d.amount)),
      tax: sum((line.tax_lines ?? []).map((t: any) => t.price)),
      gift_card: line.gift_card === true,
    })),
    discount_codes: (order.discount_codes ?? []).map((d: any) => String(d.code)),
    referral_code: referralCodeOf(order),
    browser_ip: order.browser_ip ?? order.client_details?.browser_ip ?? null,
  }
}

/** The GraphQL selection of a line item that `orderFactsFromGraphql` reads. */
export const ORDER_LINE_SELECTION = `
      id quantity isGiftCard
      product { id }
      originalUnitPriceSet { shopMoney { amount } }
      discountAllocations { allocatedAmountSet { shopMoney { amount } } }
      taxLines { priceSet { shopMoney { amount } } }`

/**
 * The GraphQL selection of an order that `orderFactsFromGraphql` reads:
 * its first `$lines` line items (graphql.ts says what each part costs).
 */
export const ORDER_FACTS_SELECTION = `
  id name test cancelledAt processedAt updatedAt displayFinancialStatus taxesIncluded currencyCode
  customer { id email verifiedEmail }
  discountCodes
  customAttributes { key value }
  refunds { id totalRefundedSet { shopMoney { amount } } }
  lineItems(first: $lines) {
    pageInfo { hasNextPage endCursor }
    nodes { ${ORDER_LINE_SELECTION} }
  }`

/** An order read through the Admin GraphQL API (reconciliation) as the same facts. */
export function orderFactsFromGraphql(order: any): ShopifyOrderFacts {
  return {
    id: shopifyId(order.id)!,
    name: order.name ?? null,
    customer: order.customer
      ? {
          id: shopifyId(order.customer.id)!,
          email: order.customer.email ?? null,
          verified_email: order.customer.verifiedEmail === true,
        }
      : null,
    currency_code: String(order.currencyCode ?? "").toLowerCase(),
    taxes_included: order.taxesIncluded === true,
    test: order.test === true,
    financial_status: order.displayFinancialStatus ? String(order.displayFinancialStatus).toLowerCase() : null,
    cancelled_at: order.cancelledAt ?? null,
    processed_at: order.processedAt ?? null,
    lines: (order.lineItems?.nodes ?? []).map((line: any) => ({
      id: shopifyId(line.id)!,
      product_id: shopifyId(line.product?.id),
      quantity: Number(line.quantity ?? 0),
      price: String(line.originalUnitPriceSet?.shopMoney?.amount ?? "0"),
      discount: sum((line.discountAllocations ?? []).map((d: any) => d.allocatedAmountSet?.shopMoney?.amount)),
      tax: sum((line.taxLines ?? []).map((t: any) => t.priceSet?.shopMoney?.amount)),
      gift_card: line.isGiftCard === true,
    })),
    discount_codes: (order.discountCodes ?? []).map(String),
    referral_code: referralCodeOf({ customAttributes: order.customAttributes }),
  }
}

/** Money a refund gave back (REST webhook shape): its successful refund transactions. */
export function refundAmount(refund: any): string {
  const transactions: any[] = refund?.transactions ?? []
  return sum(
    transactions
      .filter((t) => String(t.kind).toLowerCase() === "refund" && String(t.status ?? "success").toLowerCase() === "success")
      .map((t) => t.amount)
  )
}

/**
 * The item lines of a `refunds/create` payload (REST shape), as the refund
 * rule reads them: each `refund_line_items` entry's subtotal in the shop's
 * currency (`subtotal_set.shop_money`, whatever currency the shopper paid
 * in; the bare `subtotal` is the shop's too), and whether its line item is
 * a gift card. Shipping (`refund_shipping_lines`), order adjustments and
 * transactions are not item lines.
 */
export function refundLinesFromWebhook(refund: any): RefundedLine[] {
  return (refund?.refund_line_items ?? []).map((line: any) => ({
    subtotal: String(line.subtotal_set?.shop_money?.amount ?? line.subtotal ?? "0"),
    gift_card: line.line_item?.gift_card === true,
  }))
}
