import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { KAPY_SHOPIFY_MODULE } from "../../src/modules/shopify"
import type ShopifyModuleService from "../../src/modules/shopify/service"
import { seedShop } from "../fixtures/shop"
import { afterSubscribers, createAdmin, registerCustomer } from "../helpers"
import { runScheduledJob } from "../jobs"
import { afterShopifyInbox, postWebhook, proxyPath, SHOP, useShopifyStandIn } from "../shopify/harness"
import { CountedLine, countedOrderPayload, countedRefundPayload, customerInState } from "../shopify/payloads-orders"

jest.setTimeout(180_000)

const standIn = useShopifyStandIn()

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
      standIn.reset()
      loyalty = getContainer().resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      shopify = getContainer().resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
    })

    /** Delivers a webhook and waits until its subscriber has processed it. */
    const deliver = (topic: string, body: string) =>
      afterShopifyInbox(getContainer(), () => postWebhook(api, topic, body))

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

    describe("cones spent on Shopify come back when the purchase does not happen", () => {
      /** A member with 1200 cones who buys a 5.00 EUR code with 500 of them through the app proxy. */
      async function memberWithConeCode() {
        await deliver("customers/create", customerInState({ id: CUSTOMER_ID, email: "aino@example.com", state: "enabled" }))
        const account = (await shopifyMember())!
        await loyalty.earnPoints({ account_id: account.id, points: 1150, reason: "import", idempotency_key: "gift:1150", actor_type: "system" })
        const { data } = await api.post(proxyPath("redeem", CUSTOMER_ID), { points: 500 })
        expect((await shopifyMember())!.points_balance).toBe(700)
        return data.discount.code as string
      }
      const paidWith = (code: string, id = ORDER_ID) => ({
        id,
        customer: AINO,
        lines: [{ ...MUG, discount: "2.50" }, { ...BOWL, discount: "2.50" }],
        discount_codes: [{ code, amount: "5.00", type: "fixed_amount" }],
      })
      const returns = async () => loyalty.listLoyaltyEntries({ source_type: "shopify_discount_code", reason: "reversal" })

      it("a cancelled order that used a cone code gives the 500 cones back once, however often orders/cancelled arrives", async () => {
        const code = await memberWithConeCode()
        await deliver("orders/paid", countedOrderPayload(paidWith(code)))
        expect(await earnedPoints()).toBe(95)
        const cancelled = countedOrderPayload({ ...paidWith(code), cancelled_at: new Date().toISOString() })
        for (let i = 0; i < 3; i++) {
          await deliver("orders/cancelled", cancelled)
        }
        const member = (await shopifyMember())!
        expect([member.points_balance, member.points_pending]).toEqual([1200, 0])
        expect((await returns()).map((e) => [e.source_id, e.points])).toEqual([[code, 500]])
        expect(await reversedPoints()).toBe(95)
        const [row] = await shopify.listShopifyDiscountCodes({ code })
        expect(row).toEqual(expect.objectContaining({ status: "used", return_entry_id: (await returns())[0].id }))
        // deleted on Shopify, so it cannot be spent again; the expiry job leaves it alone
        expect(standIn.operations("discountCodeDelete").map((op) => op.variables.id)).toEqual([row.shopify_discount_id])
        await runScheduledJob(getContainer(), "kapy-shopify-expire-discount-codes", new Date(Date.now() + 365 * 86_400_000))
        expect(await returns()).toHaveLength(1)
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })

      it("a cancellation delivered before the order's orders/paid gives them back too, once", async () => {
        const code = await memberWithConeCode()
        const cancelled = countedOrderPayload({ ...paidWith(code), cancelled_at: new Date().toISOString() })
        await deliver("orders/cancelled", cancelled)
        await deliver("orders/paid", countedOrderPayload(paidWith(code)))
        await deliver("orders/cancelled", cancelled)
        expect((await shopifyMember())!.points_balance).toBe(1200)
        expect(await returns()).toHaveLength(1)
        expect(await earnedPoints()).toBe(0)
      })

      it("a fully refunded order gives them back once; a partly refunded one does not", async () => {
        const code = await memberWithConeCode()
        const order = paidWith(code)
        await deliver("orders/paid", countedOrderPayload(order))
        await refund({ items: [{ line: order.lines[0], quantity: 1 }], shipping: "10.00" })
        expect(await returns()).toHaveLength(0)
        await refund({ items: [{ line: order.lines[1], quantity: 1 }] })
        await refund({ tax: "1.00" })
        expect((await returns()).map((e) => e.points)).toEqual([500])
        expect(await reversedPoints()).toBe(95)
        expect((await shopifyMember())!.points_balance).toBe(1200)
      })

      it("the cone code combines with the tier's automatic discount, and the tier discount with it (both order discounts)", async () => {
        await memberWithConeCode()
        const [created] = standIn.operations("discountCodeBasicCreate")
        expect(created.variables.basicCodeDiscount.combinesWith).toEqual({ orderDiscounts: true, productDiscounts: true, shippingDiscounts: true })

        const admin = await createAdmin(api, getContainer())
        await api.post("/admin/loyalty/tiers", { name: { en: "Platinum", fi: "Platina" }, threshold: 5000, multiplier: "2", discount_percent: 15 }, admin.headers)
        await runScheduledJob(getContainer(), "kapy-shopify-sync-tier-discounts", new Date())
        const automatic = standIn.operations("discountAutomaticBasicCreate")
        expect(automatic.length).toBeGreaterThan(0)
        for (const op of automatic) {
          expect(op.variables.automaticBasicDiscount.combinesWith).toEqual({ orderDiscounts: true, productDiscounts: false, shippingDiscounts: true })
        }
        expect(standIn.refused).toEqual([])
      })
    })

    describe("referrals on Shopify orders: the order's browser IP feeds the per-IP limit", () => {
      it("records three friends from one IP in a week, rejects the fourth (ip_weekly_limit), and takes one from another IP", async () => {
        const shop = await seedShop(getContainer())
        const referrer = await registerCustomer(api, shop.publishableKey, "helmi@example.com")
        const code = (await api.get("/store/loyalty/me", referrer.headers)).data.account.referral_code
        const friendOrder = (n: number, ip: string, where: "browser_ip" | "client_details") =>
          countedOrderPayload({
            id: `580123456789012350${n}`,
            customer: { id: `740123456789012350${n}`, email: `friend${n}@example.net` },
            lines: [MUG, BOWL],
            note_attributes: [{ name: "ref", value: code }],
            browser_ip: ip,
          }).replace(where === "client_details" ? `"browser_ip":"${ip}",` : "#none#", '"browser_ip":null,')
        for (const [n, ip, where] of [[1, "198.51.100.20", "browser_ip"], [2, "198.51.100.20", "client_details"], [3, "198.51.100.20", "browser_ip"], [4, "198.51.100.20", "client_details"], [5, "192.0.2.44", "browser_ip"]] as const) {
          await deliver("orders/paid", friendOrder(n, ip, where))
        }
        const referrals = await Promise.all(
          [1, 2, 3, 4, 5].map(async (n) => {
            const friend = await loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: `740123456789012350${n}` })
            const referral = await loyalty.retrieveReferralOfFriend(friend!.id)
            return [referral?.status, referral?.reason ?? null, !!referral?.ip_hash]
          })
        )
        expect(referrals).toEqual([
          ["pending", null, true],
          ["pending", null, true],
          ["pending", null, true],
          ["rejected", "ip_weekly_limit", true],
          ["pending", null, true],
        ])
      })

      it("refuses a code that comes with the friend's second order (friend_has_orders), without orders_count in the payload", async () => {
        const shop = await seedShop(getContainer())
        const referrer = await registerCustomer(api, shop.publishableKey, "helmi@example.com")
        const code = (await api.get("/store/loyalty/me", referrer.headers)).data.account.referral_code
        await deliver("orders/paid", countedOrderPayload({ id: "5801234567890123501", customer: AINO, lines: [MUG] }))
        await deliver("orders/paid", countedOrderPayload({ id: "5801234567890123502", customer: AINO, lines: [BOWL], note_attributes: [{ name: "ref", value: code }] }))
        const referral = await loyalty.retrieveReferralOfFriend((await shopifyMember())!.id)
        expect([referral?.status, referral?.reason]).toEqual(["rejected", "friend_has_orders"])
        // Kapy asked Shopify for the customer's numberOfOrders, for the order with a code only
        const asked = standIn.requests.filter((r) => /customer\(id: \$id\) \{ numberOfOrders \}/.test(r.query))
        expect(asked.map((r) => r.variables)).toEqual([{ id: `gid://shopify/Customer/${CUSTOMER_ID}` }])
      })

      it("refuses a code on the first order Kapy sees when Shopify counts earlier ones (numberOfOrders), and accepts it on a real first order", async () => {
        const shop = await seedShop(getContainer())
        const referrer = await registerCustomer(api, shop.publishableKey, "kerttu@example.com")
        const code = (await api.get("/store/loyalty/me", referrer.headers)).data.account.referral_code
        // three orders before Kapy was installed, and this one
        standIn.orderCounts.set(`gid://shopify/Customer/${CUSTOMER_ID}`, 4)
        await deliver("orders/paid", countedOrderPayload({ id: "5801234567890123511", customer: AINO, lines: [MUG], note_attributes: [{ name: "ref", value: code }] }))
        const referral = await loyalty.retrieveReferralOfFriend((await shopifyMember())!.id)
        expect([referral?.status, referral?.reason]).toEqual(["rejected", "friend_has_orders"])
      })
    })
  },
})
