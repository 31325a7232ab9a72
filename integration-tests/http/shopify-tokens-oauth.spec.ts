import crypto from "crypto"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime"
import { KAPY_SHOPIFY_MODULE } from "../../src/modules/shopify"
import type ShopifyModuleService from "../../src/modules/shopify/service"
import { ACCESS_TOKEN, API_SECRET, SHOP, useShopifyStandIn } from "../shopify/harness"

jest.setTimeout(180_000)

/**
 * A public app installed through OAuth (no access token in the options):
 * the callback asks Shopify for an expiring offline token (`expiring: 1`)
 * and stores it with its refresh token, encrypted; Kapy refreshes it five
 * minutes before it expires, once across concurrent callers, storing the
 * new pair; a non-expiring token is warned about, and refused by Kapy with
 * what to do from 2027-01-01, when Shopify refuses it.
 */
const standIn = useShopifyStandIn({ SHOPIFY_ACCESS_TOKEN: "", SHOPIFY_APP_URL: "http://localhost:9000" })

const SHOP_QUERY = "query KapyShopCurrency { shop { currencyCode } }"
const MINUTE = 60_000
/** A merchant's browser (the library answers a bot's user agent with 410). */
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shopify: ShopifyModuleService
    let now: number
    const shopRow = async () =>
      (await getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)("kapy_shopify_shop").where({ shop_domain: SHOP }).first()) as Record<string, any>

    beforeAll(() => {
      // the library calls https://<shop>/admin/oauth/access_token: here that shop is the stand-in
      setAbstractFetchFunc(((url: string, init: any) => fetch(String(url).replace(`https://${SHOP}`, standIn.url), init)) as any)
    })

    beforeEach(() => {
      standIn.reset()
      now = Date.parse("2026-12-07T12:00:00Z")
      standIn.clock = () => now
      shopify = getContainer().resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
      shopify.setClock(() => now)
    })

    afterAll(() => {
      shopify?.setClock(null)
      setAbstractFetchFunc(globalThis.fetch)
    })

    /** Installs the app as a merchant would: /shopify/auth, Shopify's consent, the signed callback. */
    const install = async () => {
      const begin = await api.get(`/shopify/auth?shop=${SHOP}`, { headers: { "user-agent": BROWSER }, maxRedirects: 0, validateStatus: () => true })
      expect(begin.status).toBe(302)
      const consent = new URL(begin.headers.location)
      expect(consent.host).toBe(SHOP)
      const state = consent.searchParams.get("state")!
      const cookies = (begin.headers["set-cookie"] as string[]).map((c) => c.split(";")[0]).join("; ")
      const code = `code-${crypto.randomUUID()}`
      standIn.authorizationCodes.add(code)
      const query: Record<string, string> = { code, shop: SHOP, state, timestamp: String(Math.floor(Date.now() / 1000)) }
      const message = Object.keys(query)
        .sort()
        .map((k) => `${k}=${query[k]}`)
        .join("&")
      const hmac = crypto.createHmac("sha256", API_SECRET).update(message).digest("hex")
      return await api.get(`/shopify/auth/callback?${new URLSearchParams({ ...query, hmac })}`, {
        headers: { cookie: cookies, "user-agent": BROWSER },
        maxRedirects: 0,
        validateStatus: () => true,
      })
    }

    it("installs with an expiring offline token and its refresh token, both stored encrypted", async () => {
      const callback = await install()
      expect(callback.status).toBe(302)
      expect(standIn.tokenRequests).toEqual([{ grant_type: "authorization_code", expiring: "1" }])
      const row = await shopRow()
      const [issued] = [...standIn.issuedTokens.keys()]
      expect(row.access_token_encrypted).toBeTruthy()
      expect(row.access_token_encrypted).not.toContain(issued)
      expect(row.refresh_token_encrypted).toBeTruthy()
      expect(row.refresh_token_encrypted).not.toMatch(/shprt_/)
      expect(new Date(row.access_token_expires_at).getTime()).toBeGreaterThan(Date.now() + 50 * MINUTE)
      expect(row.refresh_token_expires_at).not.toBeNull()
      // the stored token is the one the Admin API is called with
      await shopify.admin().request(SHOP_QUERY)
      expect(standIn.operations("shop").map((r) => r.token)).toEqual([issued])
    })

    it("refreshes the token five minutes before it expires, once for many callers, and stores the new pair", async () => {
      const issuedAt = Date.now()
      now = issuedAt
      await install()
      const before = await shopRow()
      const [first] = [...standIn.issuedTokens.keys()]
      const [firstRefresh] = [...standIn.refreshTokens.keys()]

      now = issuedAt + 54 * MINUTE
      await shopify.admin().request(SHOP_QUERY)
      expect(standIn.tokenRequests.filter((r) => r.grant_type === "refresh_token")).toHaveLength(0)

      now = issuedAt + 56 * MINUTE
      await Promise.all(Array.from({ length: 6 }, () => shopify.admin().request(SHOP_QUERY)))
      expect(standIn.tokenRequests.filter((r) => r.grant_type === "refresh_token")).toHaveLength(1)
      const after = await shopRow()
      expect(after.access_token_encrypted).not.toBe(before.access_token_encrypted)
      expect(after.refresh_token_encrypted).not.toBe(before.refresh_token_encrypted)
      expect(standIn.refreshTokens.has(firstRefresh)).toBe(false)
      const used = standIn.operations("shop").map((r) => r.token)
      expect(used[0]).toBe(first)
      expect(new Set(used.slice(1)).size).toBe(1)
      expect(used[1]).not.toBe(first)
      expect(new Date(after.access_token_expires_at).getTime()).toBe(now + 3_600_000)
    })

    it("says to install again when the token expired and its refresh token is gone", async () => {
      await install()
      standIn.refreshTokens.clear()
      now += 2 * 3_600_000
      await expect(shopify.admin().request(SHOP_QUERY)).rejects.toThrow(
        /Shopify refused the refresh token grant \(400\): The refresh token is invalid.*; open \/shopify\/auth\?shop=kapy-test\.myshopify\.com .* to install Kapy again/
      )
      expect(standIn.operations("shop")).toHaveLength(0)
    })

    it("uses a non-expiring token with one warning until 2027, and from 2027-01-01 refuses it naming what to do", async () => {
      await shopify.saveOfflineToken({ shop_domain: SHOP, access_token: ACCESS_TOKEN, scopes: "read_orders" })
      const warn = jest.spyOn(getContainer().resolve("logger"), "warn")
      now = Date.parse("2026-12-31T23:00:00Z")
      await shopify.admin().request(SHOP_QUERY)
      await shopify.admin().request(SHOP_QUERY)
      const warnings = warn.mock.calls.filter(([m]) => /does not expire/.test(String(m)))
      warn.mockRestore()
      expect(warnings).toHaveLength(1)
      expect(standIn.operations("shop")).toHaveLength(2)

      now = Date.parse("2027-01-01T00:00:00Z")
      await expect(shopify.admin().request(SHOP_QUERY)).rejects.toThrow(
        /does not expire, and Shopify refuses a public app's non-expiring token from 2027-01-01: install Kapy again through \/shopify\/auth\?shop=kapy-test\.myshopify\.com .*shopify\.auth to "client_credentials"/
      )
      expect(standIn.operations("shop")).toHaveLength(2)
    })
  },
})
