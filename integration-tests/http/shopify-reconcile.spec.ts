import { ACCESS_TOKEN, API_VERSION } from "../shopify/harness"
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
    expect(known.body.errors[0].extensions.code).toBe("NOT_SIMULATED")
    expect(standIn.refused.map((r) => r.operation)).toEqual(["invalid", "invalid", "invalid", "customer"])
  })
})
