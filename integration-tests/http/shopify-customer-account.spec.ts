import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { afterSubscribers, failing } from "../helpers"
import { afterShopifyInbox, postWebhook, proxyPath, sessionToken, SHOP, useShopifyStandIn } from "../shopify/harness"
import { customerPayload } from "../shopify/payloads"

jest.setTimeout(180_000)

const standIn = useShopifyStandIn()

const CUSTOMER_ID = "7401234567890123470"
const STRANGER_ID = "7401234567890123471"
const ME = "/shopify/customer-account/me"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let loyalty: LoyaltyModuleService

    beforeEach(() => {
      standIn.reset()
      loyalty = getContainer().resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    })

    const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })
    const member = () => loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: CUSTOMER_ID })

    async function shopifyMember() {
      await afterShopifyInbox(getContainer(), () =>
        postWebhook(api, "customers/create", customerPayload({ id: CUSTOMER_ID, email: "aino@example.com" }))
      )
      const account = (await member())!
      for (const [i, points] of [120, 80, 300, 45, 10, 5].entries()) {
        await loyalty.earnPoints({ account_id: account.id, points, reason: "import", idempotency_key: `ca-gift:${i}`, actor_type: "system" })
      }
      await loyalty.spendPoints({ account_id: account.id, points: 60, reason: "redemption", idempotency_key: "ca-spend", actor_type: "system" })
      return (await member())!
    }

    describe("GET /shopify/customer-account/me", () => {
      it("answers the token's customer with the app proxy's /me view, a balance equal to the ledger and the newest five entries", async () => {
        const account = await shopifyMember()
        const { status, data, headers } = await api.get(ME, bearer(sessionToken(CUSTOMER_ID)))
        expect(status).toBe(200)
        expect(headers["access-control-allow-origin"]).toBe("*")

        const entries = await loyalty.listLoyaltyEntries({ account_id: account.id }, { order: { created_at: "DESC" } })
        const ledger = entries.reduce((sum, e) => sum + e.available_delta, 0)
        expect(ledger).toBe(account.points_balance)
        expect(data.member).toBe(true)
        expect(data.unit.en).toEqual({ one: "cone", other: "cones" })
        expect(data.account.id).toBe(account.id)
        expect(data.account.points_balance).toBe(ledger)
        expect(data.account.referral_link === null || data.account.referral_link.includes(account.referral_code)).toBe(true)
        expect(data.account.referral_code).toBe(account.referral_code)

        const proxied = (await api.get(proxyPath("me", CUSTOMER_ID))).data
        expect(data.account).toEqual(proxied.account)
        expect(data.referrals).toEqual(proxied.referrals)

        expect(data.recent_entries).toHaveLength(5)
        expect(data.recent_entries[0]).toEqual(expect.objectContaining({ points: -60, reason: "redemption", balance_after: ledger }))
        expect(data.recent_entries.map((e: any) => e.points)).toEqual([-60, 5, 10, 45, 300])
        expect(Object.keys(data.recent_entries[0])).not.toContain("idempotency_key")
        expect(data.join).toBeNull()
      })

      it("answers a customer Kapy has not met yet with an empty account and what joining earns, not an error", async () => {
        const { status, data } = await api.get(ME, bearer(sessionToken(STRANGER_ID)))
        expect(status).toBe(200)
        expect(data.member).toBe(false)
        expect(data.account).toEqual(expect.objectContaining({ id: null, points_balance: 0, referral_code: null, referral_link: null }))
        expect(data.recent_entries).toEqual([])
        expect(data.join.ways_to_earn.map((w: any) => w.action)).toContain("purchase")
        expect(await loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: STRANGER_ID })).toBeNull()
      })

      it("refuses a wrong signature, audience or shop, an expired, early or endless token, one naming no customer, and none: 401 each", async () => {
        await shopifyMember()
        const now = Math.floor(Date.now() / 1000)
        const refused = async (token: string | null) =>
          failing(api.get(ME, token === null ? {} : bearer(token)))
        const cases = {
          forged: await refused(sessionToken(CUSTOMER_ID, { secret: "shpss_not_the_secret" })),
          audience: await refused(sessionToken(CUSTOMER_ID, { claims: { aud: "another-app" } })),
          shop: await refused(sessionToken(CUSTOMER_ID, { claims: { dest: "https://other-shop.myshopify.com" } })),
          bare_shop: await refused(sessionToken(CUSTOMER_ID, { claims: { dest: SHOP } })),
          expired: await refused(sessionToken(CUSTOMER_ID, { claims: { exp: now - 60, nbf: now - 120, iat: now - 120 } })),
          early: await refused(sessionToken(CUSTOMER_ID, { claims: { nbf: now + 120, exp: now + 180 } })),
          endless: await refused(sessionToken(CUSTOMER_ID, { claims: { exp: undefined } })),
          anonymous: await refused(sessionToken(CUSTOMER_ID, { claims: { sub: undefined } })),
          not_a_customer: await refused(sessionToken(CUSTOMER_ID, { claims: { sub: "gid://shopify/StaffMember/1" } })),
          missing: await refused(null),
          not_bearer: await failing(api.get(ME, { headers: { authorization: `Basic ${sessionToken(CUSTOMER_ID)}` } })),
        }
        for (const [name, r] of Object.entries(cases)) {
          expect([name, r.status, r.data.type]).toEqual([name, 401, "unauthorized"])
        }
        expect(cases.forged.data.message).toMatch(/signature does not match/)
        expect(cases.audience.data.message).toMatch(/aud/)
        expect(cases.shop.data.message).toMatch(/dest is not this shop/)
        expect(cases.expired.data.message).toMatch(/expired/)
        expect(cases.early.data.message).toMatch(/not valid yet/)
        expect(cases.endless.data.message).toMatch(/no exp/)
        expect(cases.anonymous.data.message).toMatch(/sub/)
        expect(cases.missing.data.message).toMatch(/Authorization: Bearer/)
        // the refusal never echoes the token back
        expect(cases.forged.data.message).not.toMatch(/eyJ/)
      })

      it("answers the extension's CORS preflight from any origin", async () => {
        const { status, headers } = await api.request({
          method: "OPTIONS",
          url: ME,
          headers: { origin: "https://extensions.shopifycdn.com", "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
        })
        expect(status).toBe(204)
        expect(headers["access-control-allow-origin"]).toBe("*")
        expect(headers["access-control-allow-headers"]).toMatch(/Authorization/i)
        expect(headers["access-control-allow-methods"]).toMatch(/GET/)
      })
    })
  },
})
