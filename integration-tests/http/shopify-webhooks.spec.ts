import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { KAPY_SHOPIFY_MODULE } from "../../src/modules/shopify"
import type ShopifyModuleService from "../../src/modules/shopify/service"
import { parseShopifyJson, SHOPIFY_CUSTOMER_DATA_REQUESTED } from "../../src/workflows/shopify"
import { completeCart, createCart, seedShop, Shop } from "../fixtures/shop"
import { afterSubscribers, deliveredEvents, entriesOf, failing, registerCustomer } from "../helpers"
import { runScheduledJob } from "../jobs"
import { TokenCipher } from "../../src/modules/shopify/token-cipher"
import { afterShopifyInbox, API_SECRET, postWebhook, SHOP, TOKEN_KEY, useShopifyStandIn, webhookHeaders } from "../shopify/harness"
import { signWebhook } from "../shopify/stand-in"
import { customerPayload, dataRequestPayload, orderPayload, redactPayload } from "../shopify/payloads"
import { countedRefundPayload } from "../shopify/payloads-orders"

jest.setTimeout(180_000)

const standIn = useShopifyStandIn()

// Shopify's ids exceed 2^53 (9 007 199 254 740 992): these would be rounded by JSON.parse.
const ORDER_ID = "5801234567890123457"
const CUSTOMER_ID = "7401234567890123459"
const AINO = { id: CUSTOMER_ID, email: "aino@example.com", verified_email: true }
// 49.90 EUR with 25.5 % VAT included, as the Medusa test shop sells it
const OAT_DRINK = { id: "13401234567890123451", product_id: "8801234567890123453", price: "49.90", quantity: 1, tax: "10.12" }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let loyalty: LoyaltyModuleService
    let shopify: ShopifyModuleService
    let shop: Shop

    beforeEach(async () => {
      loyalty = getContainer().resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      shopify = getContainer().resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
    })

    /** Delivers a webhook and waits until its subscriber has processed it. */
    const deliver = (topic: string, body: string, options: Parameters<typeof postWebhook>[3] = {}) =>
      afterShopifyInbox(getContainer(), () => postWebhook(api, topic, body, options))

    const shopifyMember = () => loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: CUSTOMER_ID })
    const orderEntries = (orderId = ORDER_ID) => loyalty.listLoyaltyEntries({ source_id: orderId }, { order: { created_at: "ASC" } })

    describe("orders/paid", () => {
      it("earns what a Medusa order of the same lines earns, with ids kept exact", async () => {
        shop = await seedShop(getContainer(), [{ handle: "oat-drink", title: "Organic oat drink", price: 49.9 }])
        const medusaShopper = await registerCustomer(api, shop.publishableKey, "medusa@example.com")
        const cartId = await createCart(api, shop, medusaShopper.headers, [{ variant: "oat-drink", quantity: 2 }])
        const placed = await afterSubscribers(getContainer(), "order.placed", () => completeCart(api, cartId, medusaShopper.headers))
        const [medusaEarning] = (await entriesOf(loyalty, medusaShopper.id)).filter((e: any) => e.reason === "order")

        const response: any = await deliver("orders/paid", orderPayload({ id: ORDER_ID, customer: AINO, lines: [{ ...OAT_DRINK, quantity: 2, tax: "20.24" }] }))
        expect(response.status).toBe(200)

        const [earned] = (await orderEntries()).filter((e) => e.reason === "order")
        expect(placed.order.total).toBe(105.7)
        expect(earned.points).toBe(medusaEarning.points)
        expect(earned.points).toBe(99)
        expect(earned).toEqual(expect.objectContaining({ source_type: "shopify_order", source_id: ORDER_ID, pending_delta: 99, currency_code: "eur" }))
        expect((await loyalty.findOrderEarning(`shopify:${SHOP}:${ORDER_ID}`))!.points).toBe(99)
        const member = await shopifyMember()
        expect(member).toEqual(expect.objectContaining({ points_pending: 99 }))
        const [delivery] = await shopify.listShopifyWebhookDeliveries({})
        expect(delivery).toEqual(expect.objectContaining({ topic: "orders/paid", status: "processed", customer_id: CUSTOMER_ID, payload: null }))
      })

      it("counts discounts and tax by the earning rule: net of tax when the shop's prices exclude it", async () => {
        // 2 × 20.00 net, 5.00 discount, 8.93 tax on top: the shopper pays 43.93, the rule counts 35.00
        await deliver("orders/paid", orderPayload({
          id: ORDER_ID,
          customer: AINO,
          taxes_included: false,
          lines: [{ id: "1", product_id: "2", price: "20.00", quantity: 2, discount: "5.00", tax: "8.93" }],
        }))
        expect((await orderEntries())[0].points).toBe(35)
      })

      it("records a delivery once, however often Shopify sends it and even all at once", async () => {
        const body = orderPayload({ id: ORDER_ID, customer: AINO, lines: [OAT_DRINK] })
        const id = "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"
        const together = await afterShopifyInbox(getContainer(), () =>
          Promise.all([1, 2, 3].map(() => postWebhook(api, "orders/paid", body, { id })))
        )
        expect(together.map((r: any) => r.status)).toEqual([200, 200, 200])
        expect(together.filter((r: any) => r.data.duplicate)).toHaveLength(2)
        for (let i = 0; i < 3; i++) {
          const again = await postWebhook(api, "orders/paid", body, { id })
          expect(again.data).toEqual(expect.objectContaining({ duplicate: true }))
        }
        // a second delivery of the same order under a new webhook id: the ledger's key keeps it once
        await deliver("orders/paid", body)
        expect((await orderEntries()).filter((e) => e.reason === "order")).toHaveLength(1)
        expect((await shopifyMember())!.points_pending).toBe(49)
        expect(await shopify.listShopifyWebhookDeliveries({})).toHaveLength(2)
      })

      it("processes a stored delivery the process stopped before handling, by the retry job as Medusa runs it, once", async () => {
        // stored as the route stores it, but the process stopped before its event was handled
        const { delivery } = await shopify.recordDelivery({
          webhook_id: "4f1c5a2e-0c7b-4d56-9a57-0d2f8c3e9b10",
          event_id: null,
          topic: "orders/paid",
          shop_domain: SHOP,
          api_version: "2025-10",
          customer_id: CUSTOMER_ID,
          payload: parseShopifyJson(orderPayload({ id: ORDER_ID, customer: AINO, lines: [OAT_DRINK] })),
        })
        // younger than two minutes at the tick: left for the subscriber
        expect(await runScheduledJob(getContainer(), "kapy-shopify-retry-webhooks", new Date())).toEqual([])
        const later = new Date(Date.now() + 3 * 60_000)
        expect(await runScheduledJob(getContainer(), "kapy-shopify-retry-webhooks", later)).toEqual(["processed"])
        expect(await runScheduledJob(getContainer(), "kapy-shopify-retry-webhooks", later)).toEqual([])
        expect((await shopify.retrieveDelivery(delivery.id))!.status).toBe("processed")
        expect((await orderEntries()).filter((e) => e.reason === "order").map((e) => e.points)).toEqual([49])
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })

      it("refuses a wrong HMAC, a missing one and a body changed after signing: 401, nothing stored", async () => {
        const body = orderPayload({ id: ORDER_ID, customer: AINO, lines: [OAT_DRINK] })
        const wrong = await failing(postWebhook(api, "orders/paid", body, { hmac: "bm90IHRoZSByaWdodCBobWFj" }))
        const missing = await failing(postWebhook(api, "orders/paid", body, { hmac: null }))
        const changed = await failing(
          api.post("/shopify/webhooks", body.replace('"49.90"', '"4990.00"'), {
            headers: { ...webhookHeaders("orders/paid", body), "x-shopify-hmac-sha256": signWebhook(API_SECRET, body) },
            transformRequest: [(d: unknown) => d],
          })
        )
        const otherShop = await failing(postWebhook(api, "orders/paid", body, { shop: "someone-else.myshopify.com" }))
        for (const refused of [wrong, missing, changed, otherShop]) {
          expect(refused.status).toBe(401)
          expect(refused.data.type).toBe("unauthorized")
        }
        expect(await shopify.listShopifyWebhookDeliveries({})).toHaveLength(0)
        expect(await loyalty.listLoyaltyEntries({})).toHaveLength(0)
        expect(await loyalty.listLoyaltyIdentities({})).toHaveLength(0)
      })

      it("earns nothing for test, voided and cancelled orders, and says why in the log", async () => {
        const logger = getContainer().resolve("logger")
        const info = jest.spyOn(logger, "info")
        await deliver("orders/paid", orderPayload({ id: "1001", customer: AINO, lines: [OAT_DRINK], test: true }))
        await deliver("orders/paid", orderPayload({ id: "1002", customer: AINO, lines: [OAT_DRINK], financial_status: "voided" }))
        await deliver("orders/paid", orderPayload({ id: "1003", customer: AINO, lines: [OAT_DRINK], cancelled_at: new Date().toISOString() }))
        expect(await loyalty.listLoyaltyEntries({ reason: "order" })).toHaveLength(0)
        const notes = (await shopify.listShopifyWebhookDeliveries({}, { order: { created_at: "ASC" } })).map((d) => [d.status, d.note])
        expect(notes).toEqual([
          ["skipped", "order 1001: a test order earns nothing"],
          ["skipped", "order 1002: a voided order earns nothing"],
          ["skipped", "order 1003: a cancelled order earns nothing"],
        ])
        const logged = info.mock.calls.map((c) => String(c[0]))
        expect(logged.filter((m) => /orders\/paid .*nothing done, order 100\d: a (test|voided|cancelled)/.test(m))).toHaveLength(3)
        info.mockRestore()
      })
    })

    describe("refunds/create and orders/cancelled", () => {
      // 4 × 25.00 EUR tax included → 100 cones; a refund gives back the refunded items' share (shopify-counting.spec.ts)
      const line = { id: "1", product_id: "2", price: "25.00", quantity: 4, tax: "20.32" }
      const order = orderPayload({ id: ORDER_ID, customer: AINO, lines: [line] })
      const refundPayload = ({ id, quantity }: { id: string; quantity: number }) =>
        countedRefundPayload({ id, order_id: ORDER_ID, items: [{ line, quantity }] })

      it("reverses in proportion, and two partial refunds of everything reverse exactly what was earned", async () => {
        await deliver("orders/paid", order)
        await deliver("refunds/create", refundPayload({ id: "9101234567890123451", quantity: 1 }))
        expect((await shopifyMember())!.points_pending).toBe(100 - 25)
        // the same refund again under another webhook id counts once
        await deliver("refunds/create", refundPayload({ id: "9101234567890123451", quantity: 1 }))
        expect((await shopifyMember())!.points_pending).toBe(75)
        await deliver("refunds/create", refundPayload({ id: "9101234567890123452", quantity: 3 }))
        const member = (await shopifyMember())!
        expect(member.points_pending + member.points_balance).toBe(0)
        const reversals = (await orderEntries()).filter((e) => e.reason === "reversal")
        expect(reversals.reduce((s, e) => s + e.points, 0)).toBe(-100)
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })

      it("applies a refund that arrived before the order's orders/paid once the order earns", async () => {
        await deliver("refunds/create", refundPayload({ id: "9101234567890123451", quantity: 1 }))
        await deliver("orders/paid", order)
        expect((await orderEntries()).map((e) => [e.reason, e.points])).toEqual([["order", 100], ["reversal", -25]])
        expect((await shopifyMember())!.points_pending).toBe(75)
      })

      it("reverses everything when the order is cancelled, once", async () => {
        await deliver("orders/paid", order)
        const cancelled = JSON.stringify({ id: Number(1), admin_graphql_api_id: `gid://shopify/Order/${ORDER_ID}`, cancelled_at: new Date().toISOString(), cancel_reason: "customer" })
        await deliver("orders/cancelled", cancelled)
        await deliver("orders/cancelled", cancelled)
        expect((await orderEntries()).filter((e) => e.reason === "reversal").map((e) => e.points)).toEqual([-100])
        expect((await shopifyMember())!.points_pending).toBe(0)
      })
    })

    describe("customers/create", () => {
      it("gives the signup bonus once and records the referral the customer came with", async () => {
        shop = await seedShop(getContainer())
        const referrer = await registerCustomer(api, shop.publishableKey, "helmi@example.com")
        const { data } = await api.get("/store/loyalty/me", referrer.headers)
        const code = data.account.referral_code

        const body = customerPayload({ id: CUSTOMER_ID, email: "aino@example.com", note: `ref=${code}` })
        await deliver("customers/create", body)
        await deliver("customers/create", body)
        const member = (await shopifyMember())!
        expect(member.points_balance).toBe(50)
        expect((await loyalty.listLoyaltyEntries({ account_id: member.id, reason: "signup" })).map((e) => e.source_id)).toEqual([CUSTOMER_ID])
        const referral = await loyalty.retrieveReferralOfFriend(member.id)
        expect(referral).toEqual(expect.objectContaining({ code, status: "pending", referrer_account_id: data.account.id }))
        // the friend's welcome: one single-use Shopify code for this customer, however often the webhook comes
        const created = standIn.operations("discountCodeBasicCreate").filter(
          (op) => op.variables.basicCodeDiscount.context?.customers?.add?.[0] === `gid://shopify/Customer/${CUSTOMER_ID}`
        )
        expect(created).toHaveLength(1)
        expect(referral!.friend_reward).toEqual(
          expect.objectContaining({ type: "shopify_code", code: created[0].variables.basicCodeDiscount.code, shopify_customer_id: CUSTOMER_ID })
        )
      })
    })

    describe("customers/update", () => {
      it("moves the member's identity to the customer's new email, once however often it comes, with no second bonus", async () => {
        shop = await seedShop(getContainer())
        await deliver("customers/create", customerPayload({ id: CUSTOMER_ID, email: "aino@example.com" }))
        const member = (await shopifyMember())!
        expect(member.points_balance).toBe(50)

        const updated = customerPayload({ id: CUSTOMER_ID, email: "Aino.Virtanen@Example.com", verified_email: false })
        await deliver("customers/update", updated)
        await deliver("customers/update", updated)
        const identities = await loyalty.listMemberIdentities(member.id)
        expect(identities.map((i) => [i.provider, i.external_id, i.email, i.email_verified])).toEqual([
          ["shopify", CUSTOMER_ID, "aino.virtanen@example.com", false],
        ])
        const after = (await shopifyMember())!
        expect([after.id, after.points_balance]).toEqual([member.id, 50])
        const deliveries = await shopify.listShopifyWebhookDeliveries({ topic: "customers/update" })
        expect(deliveries.map((d) => d.status)).toEqual(["processed", "processed"])
      })
    })

    describe("referrals on Shopify orders", () => {
      it("records the code of the order's ref attribute and the order on the referral, which then qualifies", async () => {
        shop = await seedShop(getContainer())
        const referrer = await registerCustomer(api, shop.publishableKey, "helmi@example.com")
        const code = (await api.get("/store/loyalty/me", referrer.headers)).data.account.referral_code
        await deliver("orders/paid", orderPayload({ id: ORDER_ID, customer: AINO, lines: [OAT_DRINK], note_attributes: [{ name: "ref", value: code }] }))
        const member = (await shopifyMember())!
        expect((await orderEntries()).filter((e) => e.reason === "order")).toHaveLength(1)
        const referral = await loyalty.retrieveReferralOfFriend(member.id)
        expect(referral).toEqual(expect.objectContaining({ code, status: "pending", order_id: `shopify:${SHOP}:${ORDER_ID}` }))
        expect(referral!.qualifies_at).not.toBeNull()
      })
    })

    describe("privacy and uninstall", () => {
      it("refuses privacy webhooks with a bad HMAC", async () => {
        for (const [topic, body] of [
          ["customers/redact", redactPayload({ shop: SHOP, customer_id: CUSTOMER_ID, email: "aino@example.com" })],
          ["customers/data_request", dataRequestPayload({ shop: SHOP, customer_id: CUSTOMER_ID, email: "aino@example.com" })],
          ["shop/redact", JSON.stringify({ shop_id: 954889, shop_domain: SHOP })],
        ]) {
          const refused = await failing(postWebhook(api, topic, body, { hmac: "AAAA" }))
          expect(refused.status).toBe(401)
        }
        expect(await shopify.listShopifyWebhookDeliveries({})).toHaveLength(0)
      })

      it("customers/data_request exports, customers/redact erases the person and leaves the ledger's totals and reconcile as they were", async () => {
        await deliver("customers/create", customerPayload({ id: CUSTOMER_ID, email: "aino@example.com" }))
        await deliver("orders/paid", orderPayload({ id: ORDER_ID, customer: AINO, lines: [OAT_DRINK] }))
        const exported = deliveredEvents(getContainer(), SHOPIFY_CUSTOMER_DATA_REQUESTED)
        await deliver("customers/data_request", dataRequestPayload({ shop: SHOP, customer_id: CUSTOMER_ID, email: "aino@example.com" }))
        expect(exported).toHaveLength(1)
        expect(exported[0].export).toEqual(
          expect.objectContaining({
            shopify_customer_id: CUSTOMER_ID,
            account: expect.objectContaining({ points_balance: 50, points_pending: 49 }),
            identities: [expect.objectContaining({ provider: "shopify", email: "aino@example.com" })],
          })
        )
        const before = await shopifyMember()
        const entriesBefore = await loyalty.listLoyaltyEntries({})

        await deliver("customers/redact", redactPayload({ shop: SHOP, customer_id: CUSTOMER_ID, email: "aino@example.com" }))

        expect(await shopifyMember()).toBeNull()
        const identities = await loyalty.listLoyaltyIdentities({}, { withDeleted: true })
        expect(identities.map((i: any) => [i.email, i.external_id.startsWith("erased:")])).toEqual([[null, true]])
        const after = (await loyalty.listLoyaltyAccounts({ id: before!.id }))[0]
        expect([after.points_balance, after.points_pending, after.lifetime_points]).toEqual([before!.points_balance, before!.points_pending, before!.lifetime_points])
        expect(await loyalty.listLoyaltyEntries({})).toHaveLength(entriesBefore.length)
        expect((await loyalty.reconcile()).drifts).toEqual([])
        const deliveries = await shopify.listShopifyWebhookDeliveries({})
        expect(deliveries.every((d) => d.customer_id === null && d.payload === null)).toBe(true)
      })

      it("keeps an OAuth install's offline token encrypted at rest, and a custom app has nothing to install", async () => {
        await shopify.saveOfflineToken({ shop_domain: SHOP, access_token: "shpat_offline_secret", scopes: "read_orders,write_discounts" })
        const [row] = await shopify.listShopifyShops({ shop_domain: SHOP })
        expect(row.access_token_encrypted).not.toContain("shpat_offline_secret")
        expect(new TokenCipher(TOKEN_KEY).decrypt(row.access_token_encrypted!)).toBe("shpat_offline_secret")
        const tampered = row.access_token_encrypted!.slice(0, -4) + "AAAA"
        expect(() => new TokenCipher(TOKEN_KEY).decrypt(tampered)).toThrow()
        expect(() => new TokenCipher("0".repeat(64)).decrypt(row.access_token_encrypted!)).toThrow()
        const install = await failing(api.get(`/shopify/auth?shop=${SHOP}`))
        expect(install.status).toBe(409)
      })

      it("app/uninstalled forgets the token; shop/redact erases every Shopify customer", async () => {
        await deliver("customers/create", customerPayload({ id: CUSTOMER_ID, email: "aino@example.com" }))
        await deliver("app/uninstalled", JSON.stringify({ id: 954889, domain: SHOP, myshopify_domain: SHOP }))
        const [installed] = await shopify.listShopifyShops({ shop_domain: SHOP })
        expect(installed.uninstalled_at).not.toBeNull()
        await deliver("shop/redact", JSON.stringify({ shop_id: 954889, shop_domain: SHOP }))
        expect(await shopifyMember()).toBeNull()
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })
    })

  },
})
