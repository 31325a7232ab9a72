import { pointsForPurchase } from "../../../rules/earning"
import { ordersBeforeShopifyOrder, shopifyEarningItems, shopifyId, shopifyItemsSubtotal, shopifyOrderSkipReason } from "../../../rules/shopify-orders"
import { orderFactsFromGraphql, orderFactsFromWebhook, parseShopifyJson, referralCodeOf } from "../utils/payload"

const customer = { id: "7401234567890123459", email: "aino@example.com", verified_email: true }

describe("Shopify orders in the program's terms", () => {
  it("earn by the same rule as Medusa orders: 49.90 EUR tax included earns 49", () => {
    const items = shopifyEarningItems({ taxes_included: true, lines: [{ id: "1", product_id: "2", quantity: 1, price: "49.90", discount: "0", tax: "10.12" }] })
    expect(pointsForPurchase({ items, rate: 1 }).points).toBe(49)
  })

  it("count each line after its discounts, and net of tax when the shop's prices exclude tax", () => {
    const items = shopifyEarningItems({ taxes_included: false, lines: [{ id: "1", product_id: "2", quantity: 2, price: "20.00", discount: "5.00", tax: "8.93" }] })
    expect(pointsForPurchase({ items, rate: 1 }).points).toBe(35)
    // a program that counts net of tax takes the tax out of tax-inclusive prices too
    const inclusive = shopifyEarningItems({ taxes_included: true, lines: [{ id: "1", product_id: "2", quantity: 1, price: "125.50", discount: "0", tax: "25.50" }] })
    expect(pointsForPurchase({ items: inclusive, rate: 1, net_of_tax: true }).points).toBe(100)
  })

  it("earn nothing on gift-card lines: selling a gift card is not a purchase", () => {
    const lines = [
      { id: "1", product_id: "2", quantity: 1, price: "50.00", discount: "0", tax: "8.33" },
      { id: "3", product_id: "4", quantity: 1, price: "25.00", discount: "0", tax: "0", gift_card: true },
    ]
    expect(pointsForPurchase({ items: shopifyEarningItems({ taxes_included: true, lines }), rate: 1 }).points).toBe(50)
    expect(shopifyItemsSubtotal({ lines })).toBe("50")
  })

  it("measure refunds against the lines after discounts, as the shop's prices show them", () => {
    const lines = [{ id: "1", product_id: "2", quantity: 2, price: "20.00", discount: "5.00", tax: "8.93" }]
    expect(shopifyItemsSubtotal({ lines })).toBe("35")
  })

  it("count the orders before this one from Shopify's numberOfOrders (which counts it) or what Kapy saw, the larger", () => {
    expect(ordersBeforeShopifyOrder({ number_of_orders: "1", earlier_orders_seen: 0 })).toBe(0)
    expect(ordersBeforeShopifyOrder({ number_of_orders: "4", earlier_orders_seen: 1 })).toBe(3)
    expect(ordersBeforeShopifyOrder({ number_of_orders: null, earlier_orders_seen: 2 })).toBe(2)
    expect(ordersBeforeShopifyOrder({ number_of_orders: "0", earlier_orders_seen: 0 })).toBe(0)
  })

  it("earn nothing for test, voided, cancelled or customerless orders, and say which", () => {
    const paid = { test: false, financial_status: "paid", cancelled_at: null, customer }
    expect(shopifyOrderSkipReason(paid)).toBeNull()
    expect(shopifyOrderSkipReason({ ...paid, test: true })).toBe("test_order")
    expect(shopifyOrderSkipReason({ ...paid, financial_status: "voided" })).toBe("voided")
    expect(shopifyOrderSkipReason({ ...paid, cancelled_at: "2026-11-24T10:00:00Z" })).toBe("cancelled")
    expect(shopifyOrderSkipReason({ ...paid, customer: null })).toBe("no_customer")
    expect(shopifyOrderSkipReason({ ...paid, financial_status: "pending" }, { require_paid: true })).toBe("not_paid")
    expect(shopifyOrderSkipReason({ ...paid, financial_status: "partially_refunded" }, { require_paid: true })).toBeNull()
  })

  it("keep ids above 2^53 exact, from numbers in the JSON text and from gids", () => {
    const parsed = parseShopifyJson('{"id":5801234567890123457,"small":42,"price":"49.90","customer":{"id":7401234567890123459}}')
    expect(parsed.id).toBe("5801234567890123457")
    expect(parsed.customer.id).toBe("7401234567890123459")
    expect(parsed.small).toBe(42)
    expect(shopifyId("gid://shopify/Order/5801234567890123457")).toBe("5801234567890123457")
    expect(shopifyId(null)).toBeNull()
  })

  it("read the same facts from a webhook and from the Admin GraphQL API", () => {
    const webhook = orderFactsFromWebhook(parseShopifyJson(JSON.stringify({
      admin_graphql_api_id: "gid://shopify/Order/1", currency: "EUR", taxes_included: true, financial_status: "paid",
      customer: { admin_graphql_api_id: "gid://shopify/Customer/2", email: "a@example.com", verified_email: true },
      line_items: [{ admin_graphql_api_id: "gid://shopify/LineItem/3", product_id: 4, quantity: 2, price: "10.00", discount_allocations: [{ amount: "1.50" }, { amount: "0.50" }], tax_lines: [{ price: "3.67" }] }],
      note_attributes: [{ name: "ref", value: "K7P2MX9Q" }],
    })))
    const graphql = orderFactsFromGraphql({
      id: "gid://shopify/Order/1", currencyCode: "EUR", taxesIncluded: true, displayFinancialStatus: "PAID",
      customer: { id: "gid://shopify/Customer/2", email: "a@example.com", verifiedEmail: true },
      customAttributes: [{ key: "ref", value: "K7P2MX9Q" }],
      lineItems: { nodes: [{ id: "gid://shopify/LineItem/3", product: { id: "gid://shopify/Product/4" }, quantity: 2, originalUnitPriceSet: { shopMoney: { amount: "10.00" } }, discountAllocations: [{ allocatedAmountSet: { shopMoney: { amount: "2.00" } } }], taxLines: [{ priceSet: { shopMoney: { amount: "3.67" } } }] }] },
    })
    for (const facts of [webhook, graphql]) {
      expect(facts).toEqual(expect.objectContaining({ id: "1", currency_code: "eur", financial_status: "paid", referral_code: "K7P2MX9Q" }))
      expect(facts.customer).toEqual({ id: "2", email: "a@example.com", verified_email: true })
      expect(facts.lines).toEqual([{ id: "3", product_id: "4", quantity: 2, price: "10.00", discount: "2", tax: "3.67", gift_card: false }])
    }
  })

  it("find a referral code in the landing site's ref parameter", () => {
    expect(referralCodeOf({ landing_site: "/products/oat?ref=K7P2MX9Q&utm=x" })).toBe("K7P2MX9Q")
    expect(referralCodeOf({ landing_site: "/" })).toBeNull()
  })
})
