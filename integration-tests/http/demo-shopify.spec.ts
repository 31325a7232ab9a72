import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { afterShopifyInbox } from "../shopify/harness"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { storeDefaultStorefront } from "../../src/scripts/demo/shop"
import seedDemo, { DEMO_CUSTOMERS, DEMO_PASSWORD } from "../../src/scripts/seed-demo"
import { completeCart, createCart, Shop } from "../fixtures/shop"
import { afterSubscribers } from "../helpers"
import { runScheduledJob } from "../jobs"
import { DEMO_SHOPIFY_CUSTOMER, DemoShopifyShop } from "../shopify/demo-shop"

// the demo shop as `KAPY_DEMO_SHOPIFY=1 npm run dev` starts it (scripts/dev.js)
const { startDemoShopify } = require("../../scripts/lib/demo-shopify")

jest.setTimeout(300_000)

let demoShop: DemoShopifyShop
let port: number
// before the test runner's beforeAll, which reads medusa-config.ts and so this environment
beforeAll(async () => {
  demoShop = await startDemoShopify({ appUrl: "http://127.0.0.1:1", port: 0 })
  port = Number(new URL(demoShop.url).port)
  Object.assign(process.env, demoShop.env())
})
afterAll(async () => {
  await demoShop.stop()
})

/** The demo store as a checkout fixture: the default channel, region Suomi, its shipping option and variants. */
async function demoStore(container: MedusaContainer): Promise<Shop> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { salesChannel, apiKey } = await storeDefaultStorefront(container)
  const { data: [region] } = await query.graph({ entity: "region", fields: ["id"], filters: { name: "Suomi" } })
  const { data: [option] } = await query.graph({ entity: "shipping_option", fields: ["id"] })
  const { data: products } = await query.graph({ entity: "product", fields: ["id", "handle", "variants.id"] })
  return {
    publishableKey: apiKey.token,
    salesChannelId: salesChannel.id,
    regionId: region.id,
    shippingOptionId: option.id,
    variants: Object.fromEntries(products.map((p: any) => [p.handle, p.variants[0].id])),
    products: Object.fromEntries(products.map((p: any) => [p.handle, p.id])),
  }
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    const aino = DEMO_CUSTOMERS[0]

    beforeEach(async () => {
      const write = process.stdout.write
      process.stdout.write = (() => true) as typeof process.stdout.write
      try {
        await seedDemo({ container: getContainer(), args: [] })
      } finally {
        process.stdout.write = write
      }
    })

    const login = async (shop: Shop) => {
      const { data } = await api.post("/auth/customer/emailpass", { email: aino.email, password: DEMO_PASSWORD })
      return { headers: { authorization: `Bearer ${data.token}`, "x-publishable-api-key": shop.publishableKey } }
    }

    it("the demo Shopify shop's customer is the Medusa demo shopper: a Shopify demo order and a Medusa order earn on one member", async () => {
      expect(DEMO_SHOPIFY_CUSTOMER.email).toBe(aino.email)
      const loyalty = getContainer().resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      const shop = await demoStore(getContainer())
      const headers = await login(shop)
      const before = (await api.get("/store/loyalty/me", headers)).data.account

      const cartId = await createCart(api, shop, headers, [{ variant: "fair-trade-coffee", quantity: 2 }])
      await afterSubscribers(getContainer(), "order.placed", () => completeCart(api, cartId, headers))
      const order = await afterShopifyInbox(getContainer(), () => demoShop.placeOrder({ appUrl: api.defaults.baseURL }))

      expect(order).toEqual(expect.objectContaining({ email: aino.email, total: "46.60", currency: "EUR" }))
      expect(order.delivery).toEqual(expect.objectContaining({ status: 200, body: expect.objectContaining({ duplicate: false }) }))
      // the stand-in recorded the order, as the reconciliation reads it
      expect(demoShop.standIn.orders.map((o) => o.id)).toEqual([`gid://shopify/Order/${order.id}`])

      const after = (await api.get("/store/loyalty/me", headers)).data.account
      // 25.80 EUR in the Medusa store, 40.70 EUR of items on Shopify: 25 + 40 cones pending, on the one balance
      expect(after.points_balance).toBe(before.points_balance)
      expect(after.points_pending - before.points_pending).toBe(25 + 40)
      const shopifyMember = await loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: DEMO_SHOPIFY_CUSTOMER.id })
      expect(shopifyMember!.id).toBe(after.id)
      const identities = await loyalty.listLoyaltyIdentities({ account_id: after.id })
      expect(identities.map((i) => [i.provider, i.email, i.email_verified]).sort()).toEqual([
        ["medusa", aino.email, true],
        ["shopify", aino.email, true],
      ])

      // the reconciliation reads the same order from the stand-in and earns nothing twice
      const reconciled = await runScheduledJob<{ orders: number; earned: number }>(getContainer(), "kapy-shopify-reconcile-orders")
      expect(reconciled).toEqual(expect.objectContaining({ orders: 1, earned: 0 }))
      expect(demoShop.standIn.refused).toEqual([])
    })

    it("with the demo shop stopped, the Shopify jobs log one warning line for the outage, throw nothing, and say when it answers again", async () => {
      const logger = getContainer().resolve(ContainerRegistrationKeys.LOGGER)
      const warn = jest.spyOn(logger, "warn")
      const error = jest.spyOn(logger, "error")
      const info = jest.spyOn(logger, "info")
      await demoShop.stop()
      try {
        for (let tick = 0; tick < 2; tick++) {
          await expect(runScheduledJob(getContainer(), "kapy-shopify-reconcile-orders")).resolves.toBeNull()
          // the demo members' balances wait for Shopify: nothing written
          await expect(runScheduledJob(getContainer(), "kapy-shopify-sync-customers")).resolves.toBe(0)
        }
        const warnings = warn.mock.calls.map(([message]) => String(message)).filter((m) => m.includes("Shopify"))
        expect(warnings).toEqual([
          `kapy: Shopify (kapy-demo.myshopify.com) is unreachable, the reconciliation of orders waits: Shopify Admin API unreachable at http://127.0.0.1:${port}: ECONNREFUSED. The Shopify jobs retry on their schedule; this is logged once until it answers again.`,
        ])
        expect(error).not.toHaveBeenCalled()
      } finally {
        await demoShop.start(port)
      }
      await expect(runScheduledJob(getContainer(), "kapy-shopify-reconcile-orders")).resolves.toEqual(expect.objectContaining({ finished: true }))
      // the balances' cursor stayed: the next run writes them
      expect(await runScheduledJob<number>(getContainer(), "kapy-shopify-sync-customers")).toBeGreaterThan(0)
      expect(info.mock.calls.map(([message]) => String(message))).toContainEqual(
        expect.stringMatching(/^kapy: Shopify \(kapy-demo\.myshopify\.com\) answers again \(unreachable since /)
      )
      warn.mockRestore()
      error.mockRestore()
      info.mockRestore()
    })
  },
})
