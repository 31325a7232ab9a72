import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { KAPY_SHOPIFY_MODULE } from "../../src/modules/shopify"
import type ShopifyModuleService from "../../src/modules/shopify/service"
import { SHOPIFY_DATA_REQUEST_TEMPLATE } from "../../src/workflows/shopify/steps/announce-shopify-data-request"
import { seedShop } from "../fixtures/shop"
import { afterSubscribers, createAdmin, failing, registerCustomer } from "../helpers"
import { afterShopifyInbox, postWebhook, SHOP, useShopifyStandIn, webhookHeaders } from "../shopify/harness"
import { customerPayload, orderPayload } from "../shopify/payloads"
import {
  appUninstalledPayload,
  customersDataRequestPayload,
  customersRedactPayload,
  shopRedactPayload,
} from "../shopify/payloads-compliance"

jest.setTimeout(180_000)

useShopifyStandIn()

const ORDER_ID = "5801234567890123457"
const CUSTOMER_ID = "7401234567890123459"
const AINO = { id: CUSTOMER_ID, email: "aino@example.com", verified_email: true }
const OAT_DRINK = { id: "13401234567890123451", product_id: "8801234567890123453", price: "49.90", quantity: 1, tax: "10.12" }
const OTHER_SHOP = "someone-else.myshopify.com"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let loyalty: LoyaltyModuleService
    let shopify: ShopifyModuleService

    beforeEach(async () => {
      loyalty = getContainer().resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      shopify = getContainer().resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
    })

    afterEach(() => {
      jest.restoreAllMocks()
    })

    /** Delivers a webhook and waits until its subscriber has processed it. */
    const deliver = (topic: string, body: string, options: Parameters<typeof postWebhook>[3] = {}) =>
      afterShopifyInbox(getContainer(), () => postWebhook(api, topic, body, options))

    const shopifyMember = () => loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: CUSTOMER_ID })

    /** Aino on Shopify (signup 50, an order earning 49 pending) and Helmi, a Medusa shopper with 50. */
    const twoMembers = async () => {
      const shop = await seedShop(getContainer())
      const helmi = await registerCustomer(api, shop.publishableKey, "helmi@example.com")
      await deliver("customers/create", customerPayload({ id: CUSTOMER_ID, email: "aino@example.com" }))
      await deliver("orders/paid", orderPayload({ id: ORDER_ID, customer: AINO, lines: [OAT_DRINK] }))
      const aino = (await shopifyMember())!
      expect([aino.points_balance, aino.points_pending]).toEqual([50, 49])
      const helmiAccount = (await loyalty.retrieveMember({ customer_id: helmi.id }))!
      return { shop, helmi, helmiAccount, aino }
    }

    describe("a body signed for one topic, posted as another", () => {
      it("refuses an orders/paid body posted as shop/redact or customers/redact, even after app/uninstalled: 400, every member intact", async () => {
        const { aino } = await twoMembers()
        const identities = await loyalty.listLoyaltyIdentities({})
        const stored = (await shopify.listShopifyWebhookDeliveries({})).length
        const order = orderPayload({ id: ORDER_ID, customer: AINO, lines: [OAT_DRINK] })

        const asShopRedact = await failing(postWebhook(api, "shop/redact", order))
        const asCustomersRedact = await failing(postWebhook(api, "customers/redact", order))
        expect(asShopRedact).toEqual({
          status: 400,
          data: { type: "invalid_data", message: expect.stringMatching(/^Webhook refused: The body is not a shop\/redact payload: /) },
        })
        expect(asCustomersRedact).toEqual({
          status: 400,
          data: { type: "invalid_data", message: expect.stringMatching(/^Webhook refused: The body is not a customers\/redact payload: /) },
        })

        // uninstalled, the shop's own shop/redact would be obeyed; a re-posted order body still is not one
        await deliver("app/uninstalled", appUninstalledPayload({ shop: SHOP }))
        expect((await failing(postWebhook(api, "shop/redact", order))).status).toBe(400)
        // nor is a customers/redact body (it names a customer: not the whole shop's erasure)
        const redact = customersRedactPayload({ shop: SHOP, customer_id: CUSTOMER_ID, email: "aino@example.com" })
        expect((await failing(postWebhook(api, "shop/redact", redact))).status).toBe(400)

        expect((await shopifyMember())!.id).toBe(aino.id)
        expect(await loyalty.listLoyaltyIdentities({})).toHaveLength(identities.length)
        const deliveries = await shopify.listShopifyWebhookDeliveries({}, { order: { created_at: "ASC" } })
        expect(deliveries.map((d) => d.topic)).toEqual(["customers/create", "orders/paid", "app/uninstalled"])
        expect(deliveries).toHaveLength(stored + 1)
      })

      it("refuses a topic Kapy does not subscribe to: 400, nothing stored", async () => {
        const refused = await failing(postWebhook(api, "products/update", JSON.stringify({ id: 1, title: "Oat drink" })))
        expect(refused).toEqual({
          status: 400,
          data: { type: "invalid_data", message: "Webhook refused: The webhook topic products/update is not one Kapy subscribes to" },
        })
        expect(await shopify.listShopifyWebhookDeliveries({})).toHaveLength(0)
      })
    })

    describe("the shop a delivery is about", () => {
      it("refuses a delivery from another shop (401) and a body naming another shop than the header (400): nothing stored", async () => {
        const { aino } = await twoMembers()
        const stored = await shopify.listShopifyWebhookDeliveries({})
        const fromOther = await failing(postWebhook(api, "shop/redact", shopRedactPayload({ shop: OTHER_SHOP }), { shop: OTHER_SHOP }))
        expect(fromOther).toEqual({ status: 401, data: { type: "unauthorized", message: `Webhook refused: it comes from ${OTHER_SHOP}, not ${SHOP}` } })
        for (const [topic, body] of [
          ["shop/redact", shopRedactPayload({ shop: OTHER_SHOP })],
          ["customers/redact", customersRedactPayload({ shop: OTHER_SHOP, customer_id: CUSTOMER_ID, email: "aino@example.com" })],
          ["customers/data_request", customersDataRequestPayload({ shop: OTHER_SHOP, customer_id: CUSTOMER_ID, email: "aino@example.com" })],
          ["app/uninstalled", appUninstalledPayload({ shop: OTHER_SHOP })],
        ]) {
          const refused = await failing(postWebhook(api, topic, body))
          expect(refused).toEqual({
            status: 400,
            data: { type: "invalid_data", message: `Webhook refused: the body is about ${OTHER_SHOP}, the delivery comes from ${SHOP}` },
          })
        }
        expect(await shopify.listShopifyWebhookDeliveries({})).toHaveLength(stored.length)
        expect(await shopify.isUninstalled(SHOP)).toBe(false)
        expect((await shopifyMember())!.id).toBe(aino.id)
      })
    })

    describe("shop/redact", () => {
      it("is refused for a shop that has the app installed: skipped with why, a warning logged, nothing erased", async () => {
        const { aino, helmiAccount } = await twoMembers()
        await shopify.saveOfflineToken({ shop_domain: SHOP, access_token: "shpat_offline_secret", scopes: "read_orders" })
        const warn = jest.spyOn(getContainer().resolve("logger"), "warn")

        const response: any = await deliver("shop/redact", shopRedactPayload({ shop: SHOP }))
        expect(response.status).toBe(200)

        const [delivery] = await shopify.listShopifyWebhookDeliveries({ topic: "shop/redact" })
        expect([delivery.status, delivery.note]).toEqual([
          "skipped",
          `${SHOP} has the app installed, and Shopify sends shop/redact only after app/uninstalled: nothing erased`,
        ])
        expect(warn.mock.calls.map((c) => String(c[0])).filter((m) => m.startsWith("Kapy Shopify shop/redact") && m.includes("refused"))).toHaveLength(1)
        expect((await shopifyMember())!.id).toBe(aino.id)
        expect((await loyalty.listLoyaltyAccounts({ id: helmiAccount.id }))[0].points_balance).toBe(50)
        const [row] = await shopify.listShopifyShops({ shop_domain: SHOP })
        expect(row.access_token_encrypted).not.toBeNull()
        const [order] = await shopify.listShopifyWebhookDeliveries({ topic: "orders/paid" })
        expect(order.customer_id).toBe(CUSTOMER_ID)
      })

      it("after app/uninstalled erases that shop's Shopify data only: Shopify members go, Medusa members and the ledger stay", async () => {
        const { aino, helmi, helmiAccount } = await twoMembers()
        await shopify.saveOfflineToken({ shop_domain: SHOP, access_token: "shpat_offline_secret", scopes: "read_orders" })
        const entries = await loyalty.listLoyaltyEntries({})

        await deliver("app/uninstalled", appUninstalledPayload({ shop: SHOP }))
        expect(await shopify.isUninstalled(SHOP)).toBe(true)
        await deliver("shop/redact", shopRedactPayload({ shop: SHOP }))

        const [delivery] = await shopify.listShopifyWebhookDeliveries({ topic: "shop/redact" })
        expect([delivery.status, delivery.note]).toEqual(["processed", null])
        expect(await shopifyMember()).toBeNull()
        const ainoAfter = (await loyalty.listLoyaltyAccounts({ id: aino.id }))[0]
        expect([ainoAfter.points_balance, ainoAfter.points_pending]).toEqual([50, 49])
        // Helmi, a Medusa shopper, keeps her identity and her points
        expect((await loyalty.retrieveMember({ customer_id: helmi.id }))!.id).toBe(helmiAccount.id)
        expect((await loyalty.listMemberIdentities(helmiAccount.id)).map((i) => [i.provider, i.email])).toEqual([["medusa", "helmi@example.com"]])
        expect(await loyalty.listLoyaltyEntries({})).toHaveLength(entries.length)
        const [row] = await shopify.listShopifyShops({ shop_domain: SHOP })
        expect(row.access_token_encrypted).toBeNull()
        const deliveries = await shopify.listShopifyWebhookDeliveries({})
        expect(deliveries.every((d) => d.customer_id === null && d.payload === null)).toBe(true)
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })
    })

    describe("deliveries of one event", () => {
      it("processes the same X-Shopify-Event-Id once under two webhook ids: one delivery, recorded with the first webhook id", async () => {
        const body = orderPayload({ id: ORDER_ID, customer: AINO, lines: [OAT_DRINK] })
        const event = "c2f6b3a4-6d1e-4e55-9c1b-7f0a2b9d1e11"
        const post = (webhookId: string) =>
          api.post("/shopify/webhooks", body, {
            headers: { ...webhookHeaders("orders/paid", body, { id: webhookId }), "x-shopify-event-id": event },
            transformRequest: [(d: unknown) => d],
          })
        const first: any = await afterShopifyInbox(getContainer(), () => post("1b7e2f0c-0000-4000-8000-000000000001"))
        const second: any = await post("1b7e2f0c-0000-4000-8000-000000000002")
        expect(first.data.duplicate).toBe(false)
        expect(second.data).toEqual({ id: first.data.id, duplicate: true })

        const deliveries = await shopify.listShopifyWebhookDeliveries({})
        expect(deliveries.map((d) => [d.webhook_id, d.event_id, d.status])).toEqual([["1b7e2f0c-0000-4000-8000-000000000001", event, "processed"]])
        expect((await loyalty.listLoyaltyEntries({ source_id: ORDER_ID, reason: "order" })).map((e) => e.points)).toEqual([49])
        expect((await shopifyMember())!.points_pending).toBe(49)
      })
    })

    describe("customers/data_request", () => {
      it("keeps the member's export for an admin to list and download (a shopper cannot), announces it, and drops it when the customer is redacted", async () => {
        const { shop, helmi } = await twoMembers()
        const admin = await createAdmin(api, getContainer())
        const body = customersDataRequestPayload({ shop: SHOP, customer_id: CUSTOMER_ID, email: "aino@example.com", data_request_id: "9999" })
        const webhookId = "6a1d9c3e-0000-4000-8000-00000000d47a"
        await deliver("customers/data_request", body, { id: webhookId })
        // Shopify retries: still one request
        expect((await postWebhook(api, "customers/data_request", body, { id: webhookId })).data.duplicate).toBe(true)

        const { data: list } = await api.get("/admin/loyalty/privacy-requests", admin.headers)
        expect(list).toEqual({
          privacy_requests: [
            expect.objectContaining({ shop_domain: SHOP, data_request_id: "9999", shopify_customer_id: CUSTOMER_ID, email: "aino@example.com", status: "ready" }),
          ],
          count: 1,
          limit: 20,
          offset: 0,
        })
        const request = list.privacy_requests[0]
        expect(request).not.toHaveProperty("export")
        const download = await api.get(`/admin/loyalty/privacy-requests/${request.id}/download`, admin.headers)
        expect(download.headers["content-disposition"]).toBe(`attachment; filename="kapy-shopify-customer-${CUSTOMER_ID}.json"`)
        expect(download.data).toEqual(
          expect.objectContaining({
            shopify_customer_id: CUSTOMER_ID,
            account: expect.objectContaining({ id: request.account_id, points_balance: 50, points_pending: 49 }),
            identities: [expect.objectContaining({ provider: "shopify", external_id: CUSTOMER_ID, email: "aino@example.com" })],
            entries: expect.arrayContaining([expect.objectContaining({ reason: "signup", points: 50 }), expect.objectContaining({ reason: "order", points: 49 })]),
            consents: expect.any(Array),
            discount_codes: [],
          })
        )

        // a shopper (even logged in) and nobody at all get nothing
        for (const headers of [helmi.headers, { headers: { "x-publishable-api-key": shop.publishableKey } }]) {
          expect((await failing(api.get("/admin/loyalty/privacy-requests", headers))).status).toBe(401)
          expect((await failing(api.get(`/admin/loyalty/privacy-requests/${request.id}/download`, headers))).status).toBe(401)
        }

        // announced to the admin through the Notification Module, once
        const notifications = await getContainer().resolve(Modules.NOTIFICATION).listNotifications({ template: SHOPIFY_DATA_REQUEST_TEMPLATE })
        expect(notifications.map((n: any) => [n.to, n.channel, n.resource_id])).toEqual([["admin@kapy.test", "email", request.id]])

        await deliver("customers/redact", customersRedactPayload({ shop: SHOP, customer_id: CUSTOMER_ID, email: "aino@example.com" }))
        const { data: after } = await api.get(`/admin/loyalty/privacy-requests/${request.id}`, admin.headers)
        expect(after.privacy_request).toEqual(expect.objectContaining({ status: "erased", shopify_customer_id: null, email: null, account_id: null }))
        const gone = await failing(api.get(`/admin/loyalty/privacy-requests/${request.id}/download`, admin.headers))
        expect(gone).toEqual({
          status: 400,
          data: { type: "not_allowed", message: `Privacy request ${request.id} has no export: the customer's data was erased since` },
        })
      })

      it("records a request about a customer Kapy does not know as empty", async () => {
        const admin = await createAdmin(api, getContainer())
        await deliver("customers/data_request", customersDataRequestPayload({ shop: SHOP, customer_id: "7401234567890129999", email: "nobody@example.com" }))
        const { data } = await api.get("/admin/loyalty/privacy-requests?status=empty", admin.headers)
        expect(data.privacy_requests.map((r: any) => [r.shopify_customer_id, r.status, r.account_id])).toEqual([["7401234567890129999", "empty", null]])
        const [delivery] = await shopify.listShopifyWebhookDeliveries({ topic: "customers/data_request" })
        expect([delivery.status, delivery.note]).toEqual(["skipped", "Kapy holds no data about customer 7401234567890129999"])
      })
    })
  },
})
