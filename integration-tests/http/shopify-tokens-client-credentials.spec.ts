import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_SHOPIFY_MODULE } from "../../src/modules/shopify"
import type ShopifyModuleService from "../../src/modules/shopify/service"
import { SHOP, useShopifyStandIn } from "../shopify/harness"

jest.setTimeout(180_000)

/**
 * A Dev Dashboard app on the merchant's own shop (`auth: "client_credentials"`,
 * no access token in the options): Kapy asks Shopify's token endpoint for
 * a token with the app's client id and secret, uses it until five minutes
 * before it expires, and asks again — once however many callers wait.
 */
const standIn = useShopifyStandIn({ SHOPIFY_ACCESS_TOKEN: "", SHOPIFY_AUTH: "client_credentials" })

const SHOP_QUERY = "query KapyShopCurrency { shop { currencyCode } }"
const HOUR = 3_600_000

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shopify: ShopifyModuleService
    let now: number

    beforeEach(() => {
      standIn.reset()
      now = Date.parse("2026-12-07T12:00:00Z")
      standIn.clock = () => now
      shopify = getContainer().resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
      shopify.setClock(() => now)
      // a fresh start: no token held from an earlier test
      now += 48 * HOUR
    })

    afterAll(() => shopify?.setClock(null))

    const grants = () => standIn.tokenRequests.filter((r) => r.grant_type === "client_credentials").length
    const tokensUsed = () => [...new Set(standIn.operations("shop").map((r) => r.token))]

    it("asks for a token once, uses it for every call, and asks again five minutes before it expires", async () => {
      for (let i = 0; i < 3; i++) {
        await shopify.admin().request(SHOP_QUERY)
      }
      expect(grants()).toBe(1)
      expect(tokensUsed()).toHaveLength(1)
      expect(tokensUsed()[0]).toMatch(/^shpat_client_credentials_/)

      // 24 hours less 6 minutes on: still the same token
      now += 86_399_000 - 6 * 60_000
      await shopify.admin().request(SHOP_QUERY)
      expect(grants()).toBe(1)
      // within five minutes of its expiry: a new one
      now += 2 * 60_000
      await shopify.admin().request(SHOP_QUERY)
      expect(grants()).toBe(2)
      expect(tokensUsed()).toHaveLength(2)
    })

    it("makes one request for a token however many calls wait for it", async () => {
      await Promise.all(Array.from({ length: 8 }, () => shopify.admin().request(SHOP_QUERY)))
      expect(grants()).toBe(1)
      expect(tokensUsed()).toHaveLength(1)
    })

    it("asks again once when Shopify refuses the token it holds (401), and the call succeeds", async () => {
      await shopify.admin().request(SHOP_QUERY)
      const [first] = tokensUsed()
      standIn.issuedTokens.delete(first!)
      const { data } = await shopify.admin().request(SHOP_QUERY)
      expect(data.shop.currencyCode).toBe("EUR")
      expect(grants()).toBe(2)
      expect(tokensUsed()).toHaveLength(2)
    })

    it("says what Shopify refused when the client secret is wrong, and asks nothing of the Admin API", async () => {
      standIn.clientSecret = "shpss_another_secret"
      try {
        await expect(shopify.admin().request(SHOP_QUERY)).rejects.toThrow(
          /Shopify refused the client credentials grant \(401\): Client authentication failed/
        )
        expect(standIn.operations("shop")).toHaveLength(0)
      } finally {
        standIn.clientSecret = "shpss_kapy_test_secret"
      }
    })

    it("has nothing to install through OAuth: /shopify/auth answers 409 naming the option", async () => {
      const response = await api.get(`/shopify/auth?shop=${SHOP}`, { validateStatus: () => true, maxRedirects: 0 })
      expect(response.status).toBe(409)
      expect(response.data).toMatchObject({ type: "conflict", message: expect.stringContaining('shopify.auth "client_credentials"') })
    })
  },
})
