import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { KAPY_SHOPIFY_MODULE } from "../../src/modules/shopify"
import type ShopifyModuleService from "../../src/modules/shopify/service"
import { afterSubscribers, createAdmin, failing } from "../helpers"
import { runScheduledJob } from "../jobs"
import { afterShopifyInbox, postWebhook, proxyPath, useShopifyStandIn } from "../shopify/harness"
import { customerPayload } from "../shopify/payloads"

jest.setTimeout(180_000)

const standIn = useShopifyStandIn()

const CUSTOMER_ID = "7401234567890123471"
const GID = `gid://shopify/Customer/${CUSTOMER_ID}`
const DAY = 86_400_000

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let loyalty: LoyaltyModuleService
    let shopify: ShopifyModuleService
    let admin: Awaited<ReturnType<typeof createAdmin>>

    beforeEach(async () => {
      standIn.reset()
      standIn.shopCustomers.add(GID)
      loyalty = getContainer().resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      shopify = getContainer().resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
      admin = await createAdmin(api, getContainer())
      await api.post("/admin/loyalty/program", { redemption: { shopify_redemption: "store_credit" } }, admin.headers)
    })

    const member = () => loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: CUSTOMER_ID })
    const redeem = (body: Record<string, unknown>) => api.post(proxyPath("redeem", CUSTOMER_ID), body)
    const credits = () => standIn.operations("storeCreditAccountCredit")
    const spends = async () => (await loyalty.listLoyaltyEntries({ reason: "redemption" })).filter((e) => e.points < 0)

    async function shopifyMemberWith(points: number) {
      await afterShopifyInbox(getContainer(), () =>
        postWebhook(api, "customers/create", customerPayload({ id: CUSTOMER_ID, email: "aino@example.com" }))
      )
      const account = (await member())!
      await loyalty.earnPoints({ account_id: account.id, points: points - 50, reason: "import", idempotency_key: `gift:${points}`, actor_type: "system" })
      return account
    }

    it("credits the cones' value to the customer's store credit once, expiring after discount_code_days, and takes the cones once", async () => {
      await shopifyMemberWith(1200)
      const before = Date.now()
      const { status, data } = await redeem({ points: 550, idempotency_key: "click-1" })
      expect(status).toBe(201)
      expect(data.redemption).toBe("store_credit")
      expect(data.store_credit).toEqual(expect.objectContaining({ points: 550, amount: 5.5, currency_code: "eur" }))
      expect(data.discount).toBeUndefined()
      expect(data.account.points_balance).toBe(650)

      expect(standIn.refused).toEqual([])
      expect(credits()).toHaveLength(1)
      const { id, creditInput } = credits()[0].variables
      expect(id).toBe(GID)
      expect(creditInput.creditAmount).toEqual({ amount: "5.5", currencyCode: "EUR" })
      const expiresAt = Date.parse(creditInput.expiresAt)
      expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * DAY)
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 30 * DAY)
      expect(standIn.storeCreditBalance(GID)).toBe("5.50")
      expect(standIn.operations("discountCodeBasicCreate")).toHaveLength(0)

      // the same request again (a retry): the same credit, nothing more on Shopify or in the ledger
      const again = await redeem({ points: 550, idempotency_key: "click-1" })
      expect(again.status).toBe(200)
      expect(again.data.store_credit).toEqual(data.store_credit)
      expect(again.data.account.points_balance).toBe(650)
      expect(credits()).toHaveLength(1)
      expect(standIn.storeCreditBalance(GID)).toBe("5.50")
      expect((await spends()).map((e) => e.points)).toEqual([-550])
      expect((await loyalty.reconcile()).drifts).toEqual([])
    })

    it("lets only one of two redemptions racing for the same cones through: one credit, one debit", async () => {
      await shopifyMemberWith(1000)
      const results = await Promise.allSettled([redeem({ points: 800, idempotency_key: "tab-1" }), redeem({ points: 800, idempotency_key: "tab-2" })])
      const statuses = await Promise.all(results.map(async (r) => (r.status === "fulfilled" ? r.value.status : (await failing(Promise.reject(r.reason))).status)))
      expect(statuses.sort()).toEqual([201, 409])
      expect(credits()).toHaveLength(1)
      expect(standIn.storeCreditBalance(GID)).toBe("8.00")
      expect((await member())!.points_balance).toBe(200)
      expect((await loyalty.reconcile()).drifts).toEqual([])
    })

    it("takes no cones when Shopify refuses the credit or cannot be reached, and a retry of the request may succeed", async () => {
      await shopifyMemberWith(1200)
      standIn.failStoreCreditCredit = "user_errors"
      const refused = await failing(redeem({ points: 500, idempotency_key: "click-2" }))
      expect(refused.status).toBe(502)
      expect(refused.data.message).toMatch(/cones are back.*CREDIT_LIMIT_EXCEEDED/)
      standIn.failStoreCreditCredit = "http_500"
      const down = await failing(redeem({ points: 500, idempotency_key: "click-3" }))
      expect(down.status).toBe(502)
      expect((await member())!.points_balance).toBe(1200)
      expect(standIn.storeCreditBalance(GID)).toBe("0.00")
      expect((await shopify.listShopifyStoreCredits({})).map((c) => c.status).sort()).toEqual(["failed", "failed"])
      expect((await loyalty.reconcile()).drifts).toEqual([])

      // the failed request, retried once Shopify is back, makes its credit
      standIn.failStoreCreditCredit = null
      const retried = await redeem({ points: 500, idempotency_key: "click-2" })
      expect(retried.status).toBe(201)
      expect((await member())!.points_balance).toBe(700)
      expect(standIn.storeCreditBalance(GID)).toBe("5.00")
    })

    it("refuses a customer Shopify does not have (OWNER_NOT_FOUND): nothing taken", async () => {
      await shopifyMemberWith(1200)
      standIn.shopCustomers.clear()
      const refused = await failing(redeem({ points: 500 }))
      expect(refused.status).toBe(502)
      expect(refused.data.message).toMatch(/OWNER_NOT_FOUND/)
      expect((await member())!.points_balance).toBe(1200)
    })

    it("gives back, once, the cones of what expired unused: all of an untouched credit, the unused share of a partly spent one", async () => {
      await shopifyMemberWith(2000)
      const untouched = await redeem({ points: 500, idempotency_key: "a" })
      const partly = await redeem({ points: 700, idempotency_key: "b" })
      expect([untouched.status, partly.status]).toEqual([201, 201])
      // an order paid 6.99 with store credit: Shopify spends the soonest-expiring credit first (the first, 5.00), then 1.99 of the second
      standIn.spendStoreCredit(GID, "6.99")
      expect(standIn.storeCreditBalance(GID)).toBe("5.01")

      expect(await runScheduledJob<number>(getContainer(), "kapy-shopify-expire-store-credits", new Date())).toBe(0)
      const later = new Date(Date.now() + 31 * DAY)
      for (const credit of [...standIn.storeCreditAccounts.get(GID)!.credits]) {
        standIn.expireStoreCredit(credit.id)
      }
      const runs = [await runScheduledJob<number>(getContainer(), "kapy-shopify-expire-store-credits", later), await runScheduledJob<number>(getContainer(), "kapy-shopify-expire-store-credits", later)]
      expect(runs).toEqual([1, 0])

      // 5.01 of the 7.00 lapsed: floor(700 × 5.01 / 7) = 501 cones back; the used-up credit gives nothing
      expect((await member())!.points_balance).toBe(2000 - 500 - 700 + 501)
      const rows = await shopify.listShopifyStoreCredits({}, { order: { points: "ASC" } })
      expect(rows.map((r) => [r.points, r.status, r.returned_points])).toEqual([
        [500, "used", 0],
        [700, "expired", 501],
      ])
      const returns = (await loyalty.listLoyaltyEntries({ source_type: "shopify_store_credit" })).filter((e) => e.points > 0)
      expect(returns.map((e) => e.points)).toEqual([501])
      expect((await loyalty.reconcile()).drifts).toEqual([])
    })

    it("gives every cone back for a credit that expired untouched", async () => {
      await shopifyMemberWith(1200)
      await redeem({ points: 500 })
      standIn.expireStoreCredit(standIn.storeCreditAccounts.get(GID)!.credits[0].id)
      const later = new Date(Date.now() + 31 * DAY)
      const runs = await Promise.all([runScheduledJob<number>(getContainer(), "kapy-shopify-expire-store-credits", later), runScheduledJob<number>(getContainer(), "kapy-shopify-expire-store-credits", later)])
      expect(runs.reduce((a, b) => a + b, 0)).toBe(1)
      expect((await member())!.points_balance).toBe(1200)
    })

    it("tells the shopper which one they get, and switching the setting back gives codes again", async () => {
      await shopifyMemberWith(1200)
      const me = await api.get(proxyPath("me", CUSTOMER_ID))
      expect(me.data.redemption).toBe("store_credit")
      const program = await api.get(proxyPath("program", CUSTOMER_ID))
      expect(program.data.program.redemption.shopify_redemption).toBe("store_credit")

      await api.post("/admin/loyalty/program", { redemption: { shopify_redemption: "discount_code" } }, admin.headers)
      expect((await api.get(proxyPath("me", CUSTOMER_ID))).data.redemption).toBe("discount_code")
      const { status, data } = await redeem({ points: 500 })
      expect(status).toBe(201)
      expect(data.redemption).toBe("discount_code")
      expect(data.discount).toEqual(expect.objectContaining({ points: 500, amount: 5 }))
      expect(standIn.operations("discountCodeBasicCreate")).toHaveLength(1)
      expect(credits()).toHaveLength(0)

      const bad = await failing(api.post("/admin/loyalty/program", { redemption: { shopify_redemption: "gift_card" } }, admin.headers))
      expect(bad.status).toBe(400)
    })
  },
})
