import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { KAPY_SHOPIFY_MODULE, ShopifyAdminClient } from "../../src/modules/shopify"
import type ShopifyModuleService from "../../src/modules/shopify/service"
import { adminGraphqlUrl } from "../../src/modules/shopify/options"
import { reconcileShopifyOrders } from "../../src/workflows/shopify"
import { afterSubscribers } from "../helpers"
import { afterShopifyInbox, ACCESS_TOKEN, API_VERSION, postWebhook, SHOP, useShopifyStandIn } from "../shopify/harness"
import { orderPayload } from "../shopify/payloads"
import { ShopifyStandIn } from "../shopify/stand-in"

jest.setTimeout(300_000)

/** The reconciliation query Kapy sent until issue 20: 50 orders of up to 100 lines each. */
const OLD_RECONCILE_QUERY = `query KapyOrdersSince($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
  id name test cancelledAt processedAt updatedAt displayFinancialStatus taxesIncluded currencyCode
  customer { id email verifiedEmail }
  discountCodes
  customAttributes { key value }
  refunds { id totalRefundedSet { shopMoney { amount } } }
  lineItems(first: 100) {
    nodes {
      id quantity
      product { id }
      originalUnitPriceSet { shopMoney { amount } }
      discountAllocations { allocatedAmountSet { shopMoney { amount } } }
      taxLines { priceSet { shopMoney { amount } } }
    }
  } }
  }
}`

describe("the Shopify stand-in refuses what Shopify refuses", () => {
  let clock = 0
  const standIn = new ShopifyStandIn(ACCESS_TOKEN, API_VERSION, { now: () => clock })
  const post = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${standIn.url}/admin/api/${API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": ACCESS_TOKEN },
      body: JSON.stringify({ query, variables }),
    })
    return { status: response.status, body: (await response.json()) as any }
  }
  beforeAll(() => standIn.start())
  afterAll(() => standIn.stop())
  beforeEach(() => {
    standIn.reset()
    clock = 0
  })

  it("refuses the old reconciliation query: MAX_COST_EXCEEDED at 50 402 points, over the cap of 1 000", async () => {
    const { status, body } = await post(OLD_RECONCILE_QUERY, { first: 50, query: "updated_at:>='2026-01-01T00:00:00Z'" })
    expect(status).toBe(200)
    expect(body.data).toBeUndefined()
    // per order: itself 1, customer 1, customAttributes 1, refunds 3, lineItems 2 + 100 × 10; the connection 2
    expect(body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: "MAX_COST_EXCEEDED", cost: 2 + 50 * (6 + 2 + 100 * 10), maxCost: 1000 }) }),
    ])
    expect(body.errors[0].message).toMatch(/^Query cost is 50402, which exceeds the single query max cost limit \(1000\)/)
    expect(standIn.refused).toEqual([{ operation: "orders", reason: "requested cost 50402 over 1000" }])
  })

  it("costs a query by Shopify's rules and answers extensions.cost from the leaky bucket", async () => {
    const { body } = await post(`query { shop { currencyCode } }`)
    expect(body).toEqual({
      data: { shop: { currencyCode: "EUR" } },
      extensions: { cost: { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 } } },
    })
    const mutation = await post(`mutation($id: ID!) { discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { field code message } } }`, { id: "gid://shopify/DiscountCodeNode/1" })
    expect(mutation.body.extensions.cost).toEqual(
      expect.objectContaining({ requestedQueryCost: 10, throttleStatus: expect.objectContaining({ currentlyAvailable: 1989 }) })
    )
  })

  it("answers THROTTLED when the bucket cannot pay, and the query again once the restore rate has refilled it", async () => {
    standIn.setBucket(1000, 50)
    const page = `query($after: String) { orders(first: 90, after: $after) { pageInfo { hasNextPage } nodes { id customer { id } } } }` // 2 + 90 × 2 = 182
    for (let i = 0; i < 5; i++) {
      expect((await post(page)).body.extensions.cost.requestedQueryCost).toBe(182)
    }
    const throttled = await post(page)
    expect(throttled.body).toEqual({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: { cost: { requestedQueryCost: 182, actualQueryCost: null, throttleStatus: { maximumAvailable: 1000, currentlyAvailable: 90, restoreRate: 50 } } },
    })
    clock += 1840 // (182 - 90) / 50 points a second
    expect((await post(page)).body.data.orders.nodes).toEqual([])
    expect(standIn.throttled).toHaveLength(1)
  })

  it("refuses unknown fields, arguments and input fields with Shopify's GraphQL errors (HTTP 200)", async () => {
    const field = await post(`query { orders(first: 1) { nodes { id financialStatus } } }`)
    expect(field.status).toBe(200)
    expect(field.body.errors).toEqual([expect.objectContaining({ message: "Field 'financialStatus' doesn't exist on type 'Order'", extensions: expect.objectContaining({ code: "undefinedField" }) })])

    const argument = await post(`query { orders(limit: 1) { nodes { id } } }`)
    expect(argument.body.errors).toEqual([expect.objectContaining({ message: "Field 'orders' doesn't accept argument 'limit'", extensions: expect.objectContaining({ code: "argumentNotAccepted" }) })])

    const input = await post(
      `mutation($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { codeDiscountNode { id } userErrors { field message } } }`,
      { d: { title: "x", code: "X", combinesWith: { orderDiscounts: true, loyaltyDiscounts: true } } }
    )
    expect(input.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^Variable \$d of type DiscountCodeBasicInput! was provided invalid value for loyaltyDiscounts \(Field is not defined on DiscountCombinesWithInput\)/),
        extensions: expect.objectContaining({ code: "INVALID_VARIABLE" }),
      }),
    ])
    // what the other parts of Kapy may read or send is in the schema
    const known = await post(`query($id: ID!) { customer(id: $id) { numberOfOrders } }`, { id: "gid://shopify/Customer/1" })
    expect(known.body.data).toEqual({ customer: { numberOfOrders: "1" } })
    expect(standIn.refused.map((r) => r.operation)).toEqual(["invalid", "invalid", "invalid"])
  })
})

// The shop's bucket runs on a clock that only the client's waits move: the
// reconciliation must pace itself to the restore rate (Standard plan, 2 000
// points, 100 a second) exactly, without the test sleeping through it.
let shopClock = Date.now()
const shop = useShopifyStandIn({ KAPY_MEDUSA_EMAILS_VERIFIED: "true" }, { now: () => shopClock })

const ORDERS = 2500
// each line 20.00 EUR, taxes included: 20 points; the 120 lines of the first order 1.00 each (below any tier's threshold)
const linePrice = (i: number) => (i === 0 ? 1 : 20)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    describe("reconciliation on a shop of 2 500 orders", () => {
      let loyalty: LoyaltyModuleService
      let shopify: ShopifyModuleService
      let waits: number[]

      beforeEach(() => {
        shop.reset()
        loyalty = getContainer().resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
        shopify = getContainer().resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
        waits = []
        shopify.setAdminClient(
          new ShopifyAdminClient({
            url: adminGraphqlUrl(shopify.requireOptions()),
            accessToken: () => shopify.accessToken(),
            wait: async (ms) => {
              waits.push(ms)
              shopClock += ms
            },
            now: () => shopClock,
          })
        )
      })

      const customerId = (n: number) => `74012345678901${String(n).padStart(5, "0")}`
      const orderId = (i: number) => `58012345678${String(i).padStart(8, "0")}`
      /** Every 50th order is a member's (25 customers, two orders each, 1 to 8 lines; the first 120 lines); the rest are guests'. */
      const memberOrder = (i: number) => i % 50 === 0
      const linesOf = (i: number) => (i === 0 ? 120 : memberOrder(i) ? 1 + ((i / 50) % 8) : 1)
      const customerOf = (i: number) => (i / 50) % 25

      function shopOrders(base: number) {
        return Array.from({ length: ORDERS }, (_, i) => {
          const at = new Date(base + i * 1000).toISOString()
          return {
            id: `gid://shopify/Order/${orderId(i)}`,
            name: `#${1000 + i}`,
            test: false,
            cancelledAt: null,
            processedAt: at,
            updatedAt: at,
            displayFinancialStatus: "PAID",
            taxesIncluded: true,
            currencyCode: "EUR",
            customer: memberOrder(i)
              ? { id: `gid://shopify/Customer/${customerId(customerOf(i))}`, email: `member${customerOf(i)}@example.com`, verifiedEmail: true }
              : null,
            discountCodes: [],
            customAttributes: [],
            refunds: [],
            lineItems: {
              nodes: Array.from({ length: linesOf(i) }, (_, l) => ({
                id: `gid://shopify/LineItem/${orderId(i)}${l}`,
                quantity: 1,
                product: { id: `gid://shopify/Product/88012345678901234${l % 10}` },
                originalUnitPriceSet: { shopMoney: { amount: `${linePrice(i)}.00`, currencyCode: "EUR" } },
                discountAllocations: [],
                taxLines: [],
              })),
            },
          }
        })
      }

      async function memberTotals() {
        const totals: number[] = []
        for (let c = 0; c < 25; c++) {
          const member = await loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: customerId(c) })
          totals.push(member?.points_pending ?? 0)
        }
        return totals
      }

      it("pages through them within Shopify's cost limits, resumes where it stopped, and earns what webhooks missed exactly once", async () => {
        const base = Date.now() - 2 * 86_400_000
        shop.orders = shopOrders(base)
        const members = [...Array(ORDERS).keys()].filter(memberOrder)
        const expected = Array.from({ length: 25 }, (_, c) =>
          members.filter((i) => customerOf(i) === c).reduce((sum, i) => sum + linesOf(i) * linePrice(i), 0)
        )
        expect(members).toHaveLength(50)

        // Shopify delivered orders/paid for ten of the members' orders
        for (const i of members.slice(1, 11)) {
          const body = orderPayload({
            id: orderId(i),
            customer: { id: customerId(customerOf(i)), email: `member${customerOf(i)}@example.com` },
            lines: Array.from({ length: linesOf(i) }, (_, l) => ({ id: `${orderId(i)}${l}`, product_id: `88012345678901234${l % 10}`, price: `${linePrice(i)}.00`, quantity: 1 })),
          })
          await afterShopifyInbox(getContainer(), () => postWebhook(api, "orders/paid", body))
        }
        expect(await loyalty.listLoyaltyEntries({ reason: "order" })).toHaveLength(10)

        // a run that stops after 100 pages (a crash, a deploy) and the next one, from the stored cursor
        shop.throttleNext = 2
        const stopped = await reconcileShopifyOrders(getContainer(), { max_pages: 100 })
        expect(stopped).toEqual(expect.objectContaining({ pages: 100, orders: 1500, finished: false }))
        expect((await shopify.retrieveCursor(SHOP, "orders"))!.cursor).not.toBeNull()
        const resumed = await reconcileShopifyOrders(getContainer(), { max_pages: 1000 })
        expect(resumed).toEqual(expect.objectContaining({ pages: 67, orders: 1000, finished: true }))
        expect(stopped!.earned + resumed!.earned).toBe(40)

        // no query over Shopify's cap; every THROTTLED asked again; the pace is the restore rate
        const orderPages = shop.operations("orders").filter((r) => !shop.throttled.includes(r))
        expect(orderPages).toHaveLength(167)
        expect(orderPages.map((r) => r.cost)).toEqual(orderPages.map(() => 2 + 15 * (6 + 2 + 5 * 10)))
        expect(shop.maxRequestedCost).toBeLessThanOrEqual(1000)
        expect(shop.refused).toEqual([])
        // the two THROTTLED answers the test asked for, and any the tier syncs running beside the pages ran into:
        // each was asked again and answered
        expect(shop.throttled.filter((r) => r.operation === "orders").length).toBeGreaterThanOrEqual(2)
        for (const throttled of shop.throttled) {
          const later = shop.requests.slice(shop.requests.indexOf(throttled) + 1)
          expect(later.some((r) => !shop.throttled.includes(r) && r.query === throttled.query && JSON.stringify(r.variables) === JSON.stringify(throttled.variables))).toBe(true)
        }
        // a member's order of more than 5 lines read the rest 89 at a time (the 120-line one in two queries)
        const answered = shop.operations("order").filter((r) => !shop.throttled.includes(r))
        const longer = members.filter((i) => linesOf(i) > 5)
        expect(answered.map((r) => r.variables.id)).toEqual(
          longer.flatMap((i) => Array(Math.ceil((linesOf(i) - 5) / 89)).fill(`gid://shopify/Order/${orderId(i)}`))
        )
        expect(answered.filter((r) => r.variables.id.endsWith(orderId(0)))).toHaveLength(2)
        expect(new Set(answered.map((r) => r.cost))).toEqual(new Set([3 + 89 * 10]))
        const spent = shop.requests.reduce((sum, r) => sum + (shop.throttled.includes(r) ? 0 : r.cost), 0)
        expect(waits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(((spent - 2000) / 100) * 1000)

        expect(await memberTotals()).toEqual(expected)
        expect(await loyalty.listLoyaltyEntries({ reason: "order" })).toHaveLength(50)

        // the same 2 500 orders read again from the start earn nothing more
        await shopify.saveCursor({ shop_domain: SHOP, resource: "orders", updated_since: new Date(base - 1000), cursor: null, run_max_updated_at: null })
        const again = await reconcileShopifyOrders(getContainer(), { max_pages: 1000 })
        expect(again).toEqual(expect.objectContaining({ orders: ORDERS, earned: 0, reversed: 0, finished: true }))
        expect(await memberTotals()).toEqual(expected)
        expect(await loyalty.listLoyaltyEntries({ reason: "order" })).toHaveLength(50)
        expect(shop.refused).toEqual([])
      })

      it("halves its page when a shop answers MAX_COST_EXCEEDED, and still reads every order once", async () => {
        shop.orders = shopOrders(Date.now() - 86_400_000).slice(0, 120)
        shop.maxQueryCost = 500
        const result = await reconcileShopifyOrders(getContainer(), { max_pages: 100 })
        // 15 orders (872 points) refused, 8 (2 + 8 × 58 = 466) fit; the 120-line order's rest: 89 lines (893) refused, 45 (453) fit
        expect(shop.refused).toEqual([
          { operation: "orders", reason: "requested cost 872 over 500" },
          { operation: "order", reason: "requested cost 893 over 500" },
        ])
        expect(shop.operations("order").map((r) => r.variables.first)).toEqual([89, 45, 45, 45])
        expect(shop.operations("orders").map((r) => r.variables.first)).toEqual([15, ...Array(15).fill(8)])
        expect(result).toEqual(expect.objectContaining({ pages: 15, orders: 120, finished: true }))
        // orders 0, 50 and 100 are members': 120 × 1 + 2 × 20 + 3 × 20
        expect((await memberTotals()).slice(0, 3)).toEqual([120, 40, 60])
      })

      it("values a refund that webhooks missed by its refunded items, not its money: one of two items back reverses half, shipping alone nothing, once", async () => {
        const [order] = shopOrders(Date.now() - 86_400_000).filter((_, i) => i === 50)
        // an order and a customer of their own (the 2 500 orders' ids are earned already)
        const oid = "5809999999900000001"
        order.id = `gid://shopify/Order/${oid}`
        order.customer = { id: "gid://shopify/Customer/7409999999900001", email: "refunded@example.com", verifiedEmail: true }
        const item = (l: number) => order.lineItems.nodes[l]
        order.lineItems.nodes = [0, 1].map((l) => ({ ...order.lineItems.nodes[0], id: `gid://shopify/LineItem/${oid}${l}`, originalUnitPriceSet: { shopMoney: { amount: "50.00", currencyCode: "EUR" } } }))
        // one item with the shipping (60.00 of money, 50.00 of items), then the rest of the shipping alone (10.00, no items)
        order.refunds = [
          {
            id: "gid://shopify/Refund/9101234567890123901",
            totalRefundedSet: { shopMoney: { amount: "60.00", currencyCode: "EUR" } },
            refundLineItems: { nodes: [{ quantity: 1, lineItem: { id: item(0).id }, subtotalSet: { shopMoney: { amount: "50.00", currencyCode: "EUR" } } }] },
          },
          { id: "gid://shopify/Refund/9101234567890123902", totalRefundedSet: { shopMoney: { amount: "10.00", currencyCode: "EUR" } }, refundLineItems: { nodes: [] } },
        ] as any
        shop.orders = [order]
        const customer = order.customer!.id.split("/").pop()!
        const points = async () => {
          const entries = await loyalty.listLoyaltyEntries({ source_id: oid })
          return { earned: entries.filter((e) => e.reason === "order").reduce((s, e) => s + e.points, 0), reversed: -entries.filter((e) => e.reason === "reversal").reduce((s, e) => s + e.points, 0) }
        }

        await shopify.saveCursor({ shop_domain: SHOP, resource: "orders", updated_since: new Date(Date.now() - 2 * 86_400_000), cursor: null, run_max_updated_at: null })
        const first = await reconcileShopifyOrders(getContainer(), { max_pages: 10 })
        expect(first).toEqual(expect.objectContaining({ orders: 1, earned: 1, reversed: 1, finished: true }))
        expect(await points()).toEqual({ earned: 100, reversed: 50 })
        expect(shop.operations("refund").map((r) => r.variables.id)).toEqual(order.refunds.map((r: any) => r.id))
        expect(shop.refused).toEqual([])

        // read again: the refunds are known, nothing is asked or reversed twice
        await shopify.saveCursor({ shop_domain: SHOP, resource: "orders", updated_since: new Date(Date.now() - 2 * 86_400_000), cursor: null, run_max_updated_at: null })
        const again = await reconcileShopifyOrders(getContainer(), { max_pages: 10 })
        expect(again).toEqual(expect.objectContaining({ orders: 1, earned: 0, reversed: 0 }))
        expect(await points()).toEqual({ earned: 100, reversed: 50 })
        expect(shop.operations("refund")).toHaveLength(2)
        const member = (await loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: customer }))!
        expect(member.points_pending + member.points_balance).toBe(50)
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })
    })
  },
})
