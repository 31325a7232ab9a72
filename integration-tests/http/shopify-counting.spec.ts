import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { KAPY_SHOPIFY_MODULE } from "../../src/modules/shopify"
import type ShopifyModuleService from "../../src/modules/shopify/service"
import { SHOPIFY_WEBHOOK_RECEIVED } from "../../src/workflows/shopify"
import { afterSubscribers } from "../helpers"
import { postWebhook, SHOP, useShopifyStandIn } from "../shopify/harness"
import { CountedLine, countedOrderPayload, countedRefundPayload, customerInState } from "../shopify/payloads-orders"

jest.setTimeout(180_000)

useShopifyStandIn()

// Shopify's ids exceed 2^53: kept as digits throughout
const ORDER_ID = "5801234567890123457"
const CUSTOMER_ID = "7401234567890123459"
const AINO = { id: CUSTOMER_ID, email: "aino@example.com", verified_email: true }
// two 50.00 EUR items, prices include 20 % VAT (8.33 each); shipping 10.00: the order earns 100 cones (1 per euro)
const MUG: CountedLine = { id: "13401234567890123451", product_id: "8801234567890123453", price: "50.00", quantity: 1, tax: "8.33" }
const BOWL: CountedLine = { id: "13401234567890123452", product_id: "8801234567890123454", price: "50.00", quantity: 1, tax: "8.33" }
const USD = { currency: "USD", rate: 1.0866 }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let loyalty: LoyaltyModuleService
    let shopify: ShopifyModuleService

    beforeEach(async () => {
      loyalty = getContainer().resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      shopify = getContainer().resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
    })

    /** Delivers a webhook and waits until its subscriber has processed it. */
    const deliver = (topic: string, body: string) =>
      afterSubscribers(getContainer(), SHOPIFY_WEBHOOK_RECEIVED, () => postWebhook(api, topic, body))

    const shopifyMember = () => loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: CUSTOMER_ID })
    const earnedPoints = async (orderId = ORDER_ID) =>
      (await loyalty.listLoyaltyEntries({ source_id: orderId, reason: "order" })).reduce((s, e) => s + e.points, 0)
    const reversedPoints = async (orderId = ORDER_ID) =>
      0 - (await loyalty.listLoyaltyEntries({ source_id: orderId, reason: "reversal" })).reduce((s, e) => s + e.points, 0)
    let refunds = 0
    const refund = (options: Omit<Parameters<typeof countedRefundPayload>[0], "id" | "order_id">, orderId = ORDER_ID) =>
      deliver("refunds/create", countedRefundPayload({ id: `91012345678901234${String(++refunds).padStart(2, "0")}`, order_id: orderId, ...options }))

    describe("refunds/create: the refunded items' share, in the shop's currency", () => {
      for (const presentment of [undefined, USD]) {
        const paidIn = presentment ? "a shopper paying in USD" : "a shopper paying in EUR"
        it(`one item back reverses 50 of 100, shipping alone and tax alone 0, the rest exactly the remaining 50 (${paidIn})`, async () => {
          await deliver("orders/paid", countedOrderPayload({ id: ORDER_ID, customer: AINO, lines: [MUG, BOWL], presentment }))
          expect(await earnedPoints()).toBe(100)

          await refund({ items: [{ line: MUG, quantity: 1 }], presentment })
          expect(await reversedPoints()).toBe(50)
          await refund({ shipping: "10.00", presentment })
          expect(await reversedPoints()).toBe(50)
          await refund({ tax: "8.33", presentment })
          expect(await reversedPoints()).toBe(50)
          await refund({ items: [{ line: BOWL, quantity: 1 }], presentment })
          expect(await reversedPoints()).toBe(100)
          const member = (await shopifyMember())!
          expect(member.points_pending + member.points_balance).toBe(0)
          expect((await loyalty.reconcile()).drifts).toEqual([])
        })
      }

      it("counts the items net of tax when the shop's prices exclude it: half the items back reverses 50 of 100, not 60", async () => {
        const net = [{ ...MUG, tax: "10.00" }, { ...BOWL, tax: "10.00" }]
        await deliver("orders/paid", countedOrderPayload({ id: ORDER_ID, customer: AINO, lines: net, taxes_included: false }))
        expect(await earnedPoints()).toBe(100)
        await refund({ items: [{ line: net[0], quantity: 1 }], taxes_included: false })
        expect(await reversedPoints()).toBe(50)
      })

      it("rounds each running total down and never reverses more than was earned", async () => {
        // 3 × 33.33 and 0.01 more on the last: 100.00 earns 100; each third back: floor(33.33), floor(66.66), then all 100
        const thirds = [
          { ...MUG, price: "33.33", tax: "5.56" },
          { ...BOWL, price: "33.33", tax: "5.56" },
          { ...MUG, id: "13401234567890123459", product_id: "8801234567890123459", price: "33.34", tax: "5.56" },
        ]
        await deliver("orders/paid", countedOrderPayload({ id: ORDER_ID, customer: AINO, lines: thirds }))
        expect(await earnedPoints()).toBe(100)
        await refund({ items: [{ line: thirds[0], quantity: 1 }] })
        expect(await reversedPoints()).toBe(33)
        await refund({ items: [{ line: thirds[1], quantity: 1 }] })
        expect(await reversedPoints()).toBe(66)
        await refund({ items: [{ line: thirds[2], quantity: 1 }] })
        expect(await reversedPoints()).toBe(100)
        // a refund delivered again (a new webhook id, the same refund id) counts once
        await deliver("refunds/create", countedRefundPayload({ id: "9101234567890123401", order_id: ORDER_ID, items: [{ line: thirds[0], quantity: 1 }] }))
        expect(await reversedPoints()).toBe(100)
      })

      it("applies an items refund delivered before its orders/paid once the order earns", async () => {
        await refund({ items: [{ line: MUG, quantity: 1 }], shipping: "10.00" })
        await deliver("orders/paid", countedOrderPayload({ id: ORDER_ID, customer: AINO, lines: [MUG, BOWL] }))
        expect([await earnedPoints(), await reversedPoints()]).toEqual([100, 50])
      })
    })

    describe("what earns nothing", () => {
      it("a gift-card line earns nothing and its refund reverses nothing; a test order earns nothing", async () => {
        const giftCard: CountedLine = { id: "13401234567890123455", product_id: "8801234567890123455", price: "25.00", quantity: 1, gift_card: true }
        await deliver("orders/paid", countedOrderPayload({ id: ORDER_ID, customer: AINO, lines: [MUG, giftCard] }))
        expect(await earnedPoints()).toBe(50)
        await refund({ items: [{ line: giftCard, quantity: 1 }] })
        expect(await reversedPoints()).toBe(0)
        await deliver("orders/paid", countedOrderPayload({ id: "5801234567890123458", customer: AINO, lines: [MUG, BOWL], test: true }))
        expect(await earnedPoints("5801234567890123458")).toBe(0)
        const [skipped] = await shopify.listShopifyWebhookDeliveries({ status: "skipped" })
        expect(skipped.note).toBe("order 5801234567890123458: a test order earns nothing")
      })
    })

    describe("the signup bonus: only for a customer with an account", () => {
      it("gives none for a disabled, invited or declined customer, and the bonus once when customers/update enables the account", async () => {
        for (const state of ["disabled", "invited", "declined"] as const) {
          await deliver("customers/create", customerInState({ id: CUSTOMER_ID, email: "aino@example.com", state }))
          await deliver("customers/update", customerInState({ id: CUSTOMER_ID, email: "aino@example.com", state }))
        }
        expect(await loyalty.listLoyaltyEntries({ reason: "signup" })).toHaveLength(0)
        const created = await shopify.listShopifyWebhookDeliveries({ topic: "customers/create" })
        expect(created.map((d) => d.status)).toEqual(["skipped", "skipped", "skipped"])

        const enabled = customerInState({ id: CUSTOMER_ID, email: "aino@example.com", state: "enabled" })
        await deliver("customers/update", enabled)
        await deliver("customers/update", enabled)
        const member = (await shopifyMember())!
        expect(member.points_balance).toBe(50)
        expect((await loyalty.listLoyaltyEntries({ reason: "signup" })).map((e) => [e.source_id, e.points])).toEqual([[CUSTOMER_ID, 50]])
        // and customers/create of the enabled account, arriving late, welcomes no one twice
        await deliver("customers/create", enabled)
        expect((await shopifyMember())!.points_balance).toBe(50)
      })
    })

    describe("orders/cancelled before its orders/paid", () => {
      it("is remembered and wins: no points, however often each arrives and in either order", async () => {
        const paid = countedOrderPayload({ id: ORDER_ID, customer: AINO, lines: [MUG, BOWL] })
        const cancelled = countedOrderPayload({ id: ORDER_ID, customer: AINO, lines: [MUG, BOWL], cancelled_at: new Date().toISOString() })
        await deliver("orders/cancelled", cancelled)
        await deliver("orders/paid", paid)
        await deliver("orders/paid", paid)
        await deliver("orders/cancelled", cancelled)
        await deliver("orders/paid", paid)
        expect(await earnedPoints()).toBe(0)
        expect(await loyalty.listLoyaltyEntries({ source_id: ORDER_ID })).toHaveLength(0)
        const paidDeliveries = await shopify.listShopifyWebhookDeliveries({ topic: "orders/paid" })
        expect(paidDeliveries.map((d) => [d.status, d.note])).toEqual(
          Array(3).fill(["skipped", `order ${ORDER_ID}: a cancelled order earns nothing`])
        )
        // the member stays at nothing, and no tier counts the order
        const member = await shopifyMember()
        expect([member?.points_pending ?? 0, member?.points_balance ?? 0]).toEqual([0, 0])
        expect(await shopify.retrieveRefundedTotal(SHOP, ORDER_ID)).toBe("0")
      })
    })
  },
})
