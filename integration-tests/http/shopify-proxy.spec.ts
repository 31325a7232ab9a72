import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { KAPY_SHOPIFY_MODULE, ShopifyAdminClient } from "../../src/modules/shopify"
import type ShopifyModuleService from "../../src/modules/shopify/service"
import { adminGraphqlUrl } from "../../src/modules/shopify/options"
import { approveReferralWorkflow } from "../../src/workflows/referrals/workflows/approve-referral"
import { reconcileShopifyOrders } from "../../src/workflows/shopify"
import { completeCart, createCart, seedShop } from "../fixtures/shop"
import { afterSubscribers, failing, registerCustomer } from "../helpers"
import { runScheduledJob } from "../jobs"
import { afterShopifyInbox, postWebhook, proxyPath, SHOP, useShopifyStandIn } from "../shopify/harness"
import { customerPayload, orderPayload } from "../shopify/payloads"

jest.setTimeout(180_000)

// Medusa's emails count as verified here, so one person is one member across both stores.
const standIn = useShopifyStandIn({ KAPY_MEDUSA_EMAILS_VERIFIED: "true" })

const CUSTOMER_ID = "7401234567890123459"
const DAY = 86_400_000

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let loyalty: LoyaltyModuleService
    let shopify: ShopifyModuleService
    let waits: number[]

    beforeEach(async () => {
      standIn.reset()
      loyalty = getContainer().resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      shopify = getContainer().resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
      // the real client, its backoff waits recorded instead of slept (the stand-in asks for ~1 ms)
      waits = []
      shopify.setAdminClient(
        new ShopifyAdminClient({
          url: adminGraphqlUrl(shopify.requireOptions()),
          accessToken: () => shopify.accessToken(),
          wait: async (ms) => void waits.push(ms),
        })
      )
    })

    const deliver = (topic: string, body: string) =>
      afterShopifyInbox(getContainer(), () => postWebhook(api, topic, body))
    const member = () => loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: CUSTOMER_ID })

    async function shopifyMemberWith(points: number) {
      await deliver("customers/create", customerPayload({ id: CUSTOMER_ID, email: "aino@example.com" }))
      const account = (await member())!
      await loyalty.earnPoints({ account_id: account.id, points: points - 50, reason: "import", idempotency_key: `gift:${points}`, actor_type: "system" })
      return account
    }

    describe("POST /shopify/proxy/redeem", () => {
      it("spends the cones and creates one single-use code for that customer and amount, with its /discount link", async () => {
        await shopifyMemberWith(1200)
        const { status, data } = await api.post(proxyPath("redeem", CUSTOMER_ID), { points: 500 })
        expect(status).toBe(201)
        expect(data.discount).toEqual(
          expect.objectContaining({ points: 500, amount: 5, currency_code: "eur", url: `/discount/${data.discount.code}` })
        )
        expect(data.account.points_balance).toBe(700)

        expect(standIn.refused).toEqual([])
        const created = standIn.operations("discountCodeBasicCreate")
        expect(created).toHaveLength(1)
        const input = created[0].variables.basicCodeDiscount
        expect(input).toEqual(
          expect.objectContaining({
            code: data.discount.code,
            usageLimit: 1,
            appliesOncePerCustomer: true,
            context: { customers: { add: [`gid://shopify/Customer/${CUSTOMER_ID}`] } },
          })
        )
        expect(input.customerGets.value.discountAmount.amount).toBe("5")
        expect(created[0].token).toBe("shpat_kapy_test_token")
        const [code] = await shopify.listShopifyDiscountCodes({})
        expect(code).toEqual(expect.objectContaining({ status: "active", points: 500, shopify_customer_id: CUSTOMER_ID }))
      })

      it("refuses a bad or stale signature and a shopper who is not logged in: 401, nothing spent", async () => {
        await shopifyMemberWith(1200)
        const forged = await failing(api.post(proxyPath("redeem", CUSTOMER_ID, { secret: "not-the-secret" }), { points: 500 }))
        const stale = await failing(api.post(proxyPath("redeem", CUSTOMER_ID, { timestamp: Math.floor((Date.now() - 10 * 60_000) / 1000) }), { points: 500 }))
        const tampered = await failing(api.post(proxyPath("redeem", CUSTOMER_ID).replace(`logged_in_customer_id=${CUSTOMER_ID}`, "logged_in_customer_id=1"), { points: 500 }))
        const anonymous = await failing(api.post(proxyPath("redeem", null), { points: 500 }))
        expect([forged, stale, tampered, anonymous].map((r) => r.status)).toEqual([401, 401, 401, 401])
        expect(stale.data.message).toMatch(/stale/)
        expect(anonymous.data.message).toMatch(/logged_in_customer_id/)
        expect(standIn.operations("discountCodeBasicCreate")).toHaveLength(0)
        expect((await member())!.points_balance).toBe(1200)
      })

      it("answers 409 when the cones are not enough, and asks Shopify for nothing", async () => {
        await shopifyMemberWith(300)
        const refused = await failing(api.post(proxyPath("redeem", CUSTOMER_ID), { points: 500 }))
        expect(refused.status).toBe(409)
        expect(refused.data.message).toMatch(/Not enough points: 300 available/)
        const below = await failing(api.post(proxyPath("redeem", CUSTOMER_ID), { points: 50 }))
        expect(below.status).toBe(400)
        expect(standIn.operations("discountCodeBasicCreate")).toHaveLength(0)
        expect(await shopify.listShopifyDiscountCodes({})).toHaveLength(0)
      })

      it("gives the cones back when Shopify refuses the code or keeps failing", async () => {
        await shopifyMemberWith(1200)
        standIn.failDiscountCreate = "user_errors"
        const refused = await failing(api.post(proxyPath("redeem", CUSTOMER_ID), { points: 500 }))
        expect(refused.status).toBe(502)
        expect(refused.data.message).toMatch(/cones are back/)
        standIn.failDiscountCreate = "http_500"
        const down = await failing(api.post(proxyPath("redeem", CUSTOMER_ID), { points: 500 }))
        expect(down.status).toBe(502)
        expect((await member())!.points_balance).toBe(1200)
        expect((await shopify.listShopifyDiscountCodes({})).map((c) => c.status)).toEqual(["failed", "failed"])
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })

      it("deletes a code that expired unused and returns its cones exactly once", async () => {
        await shopifyMemberWith(1200)
        const { data } = await api.post(proxyPath("redeem", CUSTOMER_ID), { points: 500 })
        const later = new Date(Date.now() + 31 * DAY)
        expect(await runScheduledJob<number>(getContainer(), "kapy-shopify-expire-discount-codes", new Date())).toBe(0)
        const runs = await Promise.all([
          runScheduledJob<number>(getContainer(), "kapy-shopify-expire-discount-codes", later),
          runScheduledJob<number>(getContainer(), "kapy-shopify-expire-discount-codes", later),
        ])
        await runScheduledJob<number>(getContainer(), "kapy-shopify-expire-discount-codes", later)
        expect(runs.reduce((a, b) => a + b, 0)).toBe(1)
        expect((await member())!.points_balance).toBe(1200)
        expect((await loyalty.listLoyaltyEntries({ source_id: data.discount.code })).map((e) => e.points).sort()).toEqual([-500, 500])
        expect([...standIn.discounts.values()].map((d) => d.deleted)).toEqual([true])
        expect((await shopify.listShopifyDiscountCodes({}))[0].status).toBe("expired")
      })

      it("keeps the cones of a code an order used", async () => {
        await shopifyMemberWith(1200)
        const { data } = await api.post(proxyPath("redeem", CUSTOMER_ID), { points: 500 })
        ;[...standIn.discounts.values()][0].usage = 1
        expect(await runScheduledJob<number>(getContainer(), "kapy-shopify-expire-discount-codes", new Date(Date.now() + 31 * DAY))).toBe(0)
        expect((await member())!.points_balance).toBe(700)
        expect((await shopify.listShopifyDiscountCodes({ code: data.discount.code }))[0].status).toBe("used")
      })
    })

    describe("reconciliation", () => {
      const graphqlOrder = (id: string, updatedAt: string) => ({
        id: `gid://shopify/Order/${id}`,
        name: `#${id.slice(-4)}`,
        test: false,
        cancelledAt: null,
        processedAt: updatedAt,
        updatedAt,
        displayFinancialStatus: "PAID",
        taxesIncluded: true,
        currencyCode: "EUR",
        customer: { id: `gid://shopify/Customer/${CUSTOMER_ID}`, email: "aino@example.com", verifiedEmail: true },
        discountCodes: [],
        customAttributes: [],
        refunds: [],
        lineItems: {
          nodes: [
            {
              id: `gid://shopify/LineItem/${id}1`,
              quantity: 1,
              product: { id: "gid://shopify/Product/8801234567890123453" },
              originalUnitPriceSet: { shopMoney: { amount: "49.9", currencyCode: "EUR" } },
              discountAllocations: [],
              taxLines: [{ priceSet: { shopMoney: { amount: "10.12", currencyCode: "EUR" } } }],
            },
          ],
        },
      })

      it("earns the orders whose webhook never came, page by page from its cursor, and the late webhook adds nothing", async () => {
        const now = Date.now()
        standIn.orders = [0, 1, 2].map((i) => graphqlOrder(`580123456789012345${i}`, new Date(now - (3 - i) * 60_000).toISOString()))
        standIn.orders.push({ ...graphqlOrder("5801234567890123460", new Date(now - 30_000).toISOString()), test: true })
        standIn.throttleNext = 1

        // a run that stops after one page resumes from the stored cursor
        const first = await reconcileShopifyOrders(getContainer(), { page_size: 2, max_pages: 1 })
        expect(first).toEqual(expect.objectContaining({ pages: 1, orders: 2, earned: 2, finished: false }))
        const saved = (await shopify.retrieveCursor(SHOP, "orders"))!.cursor
        expect(saved).not.toBeNull()
        const rest = await reconcileShopifyOrders(getContainer(), { page_size: 2 })
        expect(rest).toEqual(expect.objectContaining({ orders: 2, earned: 1, finished: true }))
        // the first request was THROTTLED and retried after the restore time; the second run went on from the cursor
        expect(standIn.operations("orders").map((r) => r.variables.after ?? null)).toEqual([null, null, saved])
        // the forced THROTTLED said the bucket was empty: wait the page's cost (2 + 2 × 58 points) at 100 a second
        expect(waits).toEqual([1180])

        expect((await member())!.points_pending).toBe(3 * 49)
        await deliver("orders/paid", orderPayload({
          id: "5801234567890123451",
          customer: { id: CUSTOMER_ID, email: "aino@example.com" },
          lines: [{ id: "1", product_id: "2", price: "49.90", quantity: 1, tax: "10.12" }],
        }))
        expect((await member())!.points_pending).toBe(3 * 49)
        expect(await loyalty.listLoyaltyEntries({ reason: "order" })).toHaveLength(3)

        // the next run starts from the newest order seen: nothing new
        const again = await reconcileShopifyOrders(getContainer(), { page_size: 2 })
        expect(again!.earned).toBe(0)

        // the quarter-hourly job, as Medusa's scheduler runs it, earns an order that came since, once
        standIn.orders.push(graphqlOrder("5801234567890123461", new Date(Date.now() - 10_000).toISOString()))
        const byJob = await runScheduledJob<{ earned: number }>(getContainer(), "kapy-shopify-reconcile-orders")
        expect(byJob).toEqual(expect.objectContaining({ earned: 1, finished: true }))
        expect(await loyalty.listLoyaltyEntries({ reason: "order" })).toHaveLength(4)
        expect((await member())!.points_pending).toBe(4 * 49)
        expect(standIn.refused).toEqual([])
      })
    })

    describe("one member across both stores", () => {
      it("the same verified email buying in the Medusa store and on Shopify sees one balance in both", async () => {
        const shop = await seedShop(getContainer(), [{ handle: "oat-drink", title: "Organic oat drink", price: 49.9 }])
        const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
        const cartId = await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }])
        await afterSubscribers(getContainer(), "order.placed", () => completeCart(api, cartId, aino.headers))

        await deliver("customers/create", customerPayload({ id: CUSTOMER_ID, email: "Aino@Example.com" }))
        await deliver("orders/paid", orderPayload({
          id: "5801234567890123457",
          customer: { id: CUSTOMER_ID, email: "aino@example.com" },
          lines: [{ id: "1", product_id: "2", price: "100.00", quantity: 1, tax: "20.32" }],
        }))

        const medusa = (await api.get("/store/loyalty/me", aino.headers)).data
        const onShopify = (await api.get(proxyPath("me", CUSTOMER_ID))).data
        // one signup bonus, 49 + 100 pending from the two stores
        expect(medusa.account).toEqual(expect.objectContaining({ points_balance: 50, points_pending: 149 }))
        // the store's answer, and what paying with cones gives on Shopify
        expect(onShopify).toEqual({ ...medusa, redemption: "discount_code" })

        const medusaHistory = (await api.get("/store/loyalty/me/transactions", aino.headers)).data
        const shopifyHistory = (await api.get(proxyPath("transactions", CUSTOMER_ID))).data
        expect(shopifyHistory).toEqual(medusaHistory)
        expect(shopifyHistory.transactions.map((t: any) => t.source_type).sort()).toEqual(["customer", "order", "shopify_order"])
      })
    })

    describe("tiers on Shopify", () => {
      it("a Shopify order that lifts the member's tier tags the customer and writes the kapy metafields; the balance job follows the ledger", async () => {
        await deliver("customers/create", customerPayload({ id: CUSTOMER_ID, email: "aino@example.com" }))
        const gid = `gid://shopify/Customer/${CUSTOMER_ID}`
        // 400 EUR of items: Silver from 300 EUR spent (the default tiers)
        await afterSubscribers(getContainer(), "loyalty.tier_changed", () =>
          deliver("orders/paid", orderPayload({
            id: "5801234567890123457",
            customer: { id: CUSTOMER_ID, email: "aino@example.com" },
            lines: [{ id: "1", product_id: "2", price: "400.00", quantity: 1, tax: "81.27" }],
          }))
        )
        const account = (await member())!
        const tier = (await loyalty.listLoyaltyTiers({ id: account.tier_id! }))[0]
        expect(tier.name).toBe("Silver")
        expect(standIn.refused).toEqual([])
        const written = standIn.customer(gid)
        expect([...written.tags]).toEqual(["kapy-tier-silver"])
        expect(written.metafields["kapy.tier"]).toEqual({ type: "single_line_text_field", value: "Silver" })
        expect(written.metafields["kapy.points"].value).toBe("50")

        // balances reach Shopify with the next batch (the cursor keeps the newest change read: that one may be written again)
        await loyalty.earnPoints({ account_id: account.id, points: 700, reason: "import", idempotency_key: "gift", actor_type: "system" })
        expect(await runScheduledJob<number>(getContainer(), "kapy-shopify-sync-customers")).toBe(1)
        expect(written.metafields["kapy.points"].value).toBe("750")
        await loyalty.earnPoints({ account_id: account.id, points: 5, reason: "import", idempotency_key: "gift-2", actor_type: "system" })
        await runScheduledJob<number>(getContainer(), "kapy-shopify-sync-customers")
        expect(written.metafields["kapy.points"].value).toBe("755")
        expect(standIn.refused).toEqual([])
      })
    })

    describe("tier pricing on Shopify", () => {
      it("keeps one automatic discount per tier with a percentage, for the segment of the tier's tag", async () => {
        await loyalty.retrieveProgramSettings() // the default tiers
        const tiers = (await loyalty.listLoyaltyTiers({}, { order: { rank: "ASC" } })) as any[]
        const gold = tiers.find((t) => t.name === "Gold")
        await loyalty.saveTier({ id: gold.id, input: { discount_percent: "10" } })
        expect(await runScheduledJob(getContainer(), "kapy-shopify-sync-tier-discounts")).toEqual(expect.objectContaining({ created: 1, updated: 0 }))
        expect([...standIn.segments.values()]).toEqual([{ name: "Kapy Gold", query: "customer_tags CONTAINS 'kapy-tier-gold'" }])
        const [[discountId, discount]] = [...standIn.automaticDiscounts.entries()]
        expect(discount.input.customerGets.value.percentage).toBe(0.1)
        expect(await runScheduledJob(getContainer(), "kapy-shopify-sync-tier-discounts")).toEqual({ created: 0, updated: 0, deleted: 0 })

        await loyalty.saveTier({ id: gold.id, input: { discount_percent: "15" } })
        expect(await runScheduledJob(getContainer(), "kapy-shopify-sync-tier-discounts")).toEqual(expect.objectContaining({ updated: 1 }))
        expect(standIn.automaticDiscounts.get(discountId)!.input.customerGets.value.percentage).toBe(0.15)
        await loyalty.saveTier({ id: gold.id, input: { discount_percent: null } })
        expect(await runScheduledJob(getContainer(), "kapy-shopify-sync-tier-discounts")).toEqual(expect.objectContaining({ deleted: 1 }))
        expect(standIn.automaticDiscounts.get(discountId)!.deleted).toBe(true)
        expect(standIn.refused).toEqual([])
      })
    })

    describe("app proxy reads", () => {
      it("answer in the store routes' shapes: program, me, transactions with paging, claims", async () => {
        const shop = await seedShop(getContainer())
        const store = { headers: { "x-publishable-api-key": shop.publishableKey } }
        expect((await api.get(proxyPath("program", null))).data).toEqual((await api.get("/store/loyalty/program", store)).data)

        const unknown = (await api.get(proxyPath("me", CUSTOMER_ID))).data
        expect(unknown.account).toEqual(expect.objectContaining({ id: null, points_balance: 0, referral_code: null }))
        await shopifyMemberWith(1200)
        const me = (await api.get(proxyPath("me", CUSTOMER_ID))).data
        expect(Object.keys(me)).toEqual(["account", "referrals", "redemption"])
        expect(me.account).toEqual(expect.objectContaining({ points_balance: 1200, customer_id: null }))
        const page = (await api.get(proxyPath("transactions", CUSTOMER_ID, { extra: { limit: "1", offset: "0" } }))).data
        expect(page).toEqual(expect.objectContaining({ count: 2, limit: 1, offset: 0 }))
        expect(Object.keys(page.transactions[0]).sort()).toEqual(
          ["available_delta", "balance_after", "created_at", "currency_code", "id", "note", "pending_after", "pending_delta", "points", "reason", "source_id", "source_type"]
        )
        expect((await api.get(proxyPath("claims", CUSTOMER_ID))).data).toEqual({ claims: [], count: 0, limit: 20, offset: 0 })
        const posted = await api.post(proxyPath("claims", CUSTOMER_ID), { action: "social_follow", platform: "instagram", handle: "@aino" })
        expect(posted.status).toBe(201)
        expect(posted.data.claim).toEqual(expect.objectContaining({ type: "social_follow", platform: "instagram", status: "pending", points: 10 }))
        const again = await failing(api.post(proxyPath("claims", CUSTOMER_ID), { action: "social_follow", platform: "instagram" }))
        expect(again.status).toBe(409)
        expect((await api.get(proxyPath("claims", CUSTOMER_ID))).data.count).toBe(1)
      })

      it("referrals/apply records the code like the store route", async () => {
        const shop = await seedShop(getContainer())
        const helmi = await registerCustomer(api, shop.publishableKey, "helmi@example.com")
        const code = (await api.get("/store/loyalty/me", helmi.headers)).data.account.referral_code
        await deliver("customers/create", customerPayload({ id: CUSTOMER_ID, email: "aino@example.com" }))
        const { data } = await api.post(proxyPath("referrals/apply", CUSTOMER_ID), { code })
        expect(data.referral).toEqual(expect.objectContaining({ code, status: "pending" }))
        expect(data.message).toMatch(/Welcome/)
        const unknownCode = await failing(api.post(proxyPath("referrals/apply", CUSTOMER_ID), { code: "ZZZZZZZZ" }))
        expect(unknownCode.status).toBe(404)
      })
    })

    describe("the referral friend's welcome on Shopify", () => {
      const gid = `gid://shopify/Customer/${CUSTOMER_ID}`

      async function referrerCode(email = "helmi@example.com") {
        const shop = await seedShop(getContainer())
        const helmi = await registerCustomer(api, shop.publishableKey, email)
        return (await api.get("/store/loyalty/me", helmi.headers)).data.account.referral_code as string
      }

      it("gives the friend one single-use Shopify code for that customer, with the amount and minimum, however often they apply", async () => {
        const code = await referrerCode()
        await deliver("customers/create", customerPayload({ id: CUSTOMER_ID, email: "aino@example.com" }))
        const first = await api.post(proxyPath("referrals/apply", CUSTOMER_ID), { code })
        expect(first.data.referral).toEqual(expect.objectContaining({ code, status: "pending" }))
        // shown as the store shows its promotion code: the program's 5 EUR off an order of 30 EUR
        expect(first.data.referral.reward).toEqual({
          type: "promotion",
          code: expect.stringMatching(/^KAPY-[A-Z2-9]{10}$/),
          amount: 5,
          currency_code: "eur",
          min_order: 30,
        })

        expect(standIn.refused).toEqual([])
        const created = standIn.operations("discountCodeBasicCreate")
        expect(created).toHaveLength(1)
        const input = created[0].variables.basicCodeDiscount
        expect(input).toEqual(
          expect.objectContaining({
            code: first.data.referral.reward.code,
            usageLimit: 1,
            appliesOncePerCustomer: true,
            context: { customers: { add: [gid] } },
            minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "30" } },
          })
        )
        expect(input.customerGets.value.discountAmount.amount).toBe("5")

        // a retried request: the same referral and code, no second code on Shopify
        const again = await api.post(proxyPath("referrals/apply", CUSTOMER_ID), { code })
        expect(again.data.referral.reward).toEqual(first.data.referral.reward)
        expect(standIn.operations("discountCodeBasicCreate")).toHaveLength(1)
        const [referral] = await loyalty.listLoyaltyReferrals({ friend_account_id: (await member())!.id })
        expect(referral.friend_reward).toEqual(
          expect.objectContaining({
            type: "shopify_code",
            code: input.code,
            shopify_discount_id: [...standIn.discounts.keys()][0],
            shopify_customer_id: CUSTOMER_ID,
            amount: "5",
            currency_code: "eur",
            min_order: "30",
          })
        )
      })

      it("records nothing when Shopify refuses the code, so the friend can apply again", async () => {
        const code = await referrerCode()
        await deliver("customers/create", customerPayload({ id: CUSTOMER_ID, email: "aino@example.com" }))
        standIn.failDiscountCreate = "user_errors"
        const refused = await failing(api.post(proxyPath("referrals/apply", CUSTOMER_ID), { code }))
        expect(refused.status).toBeGreaterThanOrEqual(500)
        expect(await loyalty.listLoyaltyReferrals({ friend_account_id: (await member())!.id })).toHaveLength(0)
        const retried = await api.post(proxyPath("referrals/apply", CUSTOMER_ID), { code })
        expect(retried.data.referral.reward).toEqual(expect.objectContaining({ type: "promotion", code: expect.stringMatching(/^KAPY-/) }))
        expect(standIn.operations("discountCodeBasicCreate")).toHaveLength(2)
        expect([...standIn.discounts.values()].filter((d) => !d.deleted)).toHaveLength(1)
      })

      it("gives cones once when the program's welcome is cones, and asks Shopify for no code", async () => {
        await loyalty.updateProgramSettings({ referral: { friend_reward: { type: "points", points: 150 } } })
        const code = await referrerCode()
        await deliver("customers/create", customerPayload({ id: CUSTOMER_ID, email: "aino@example.com" }))
        const before = (await member())!.points_balance
        const first = await api.post(proxyPath("referrals/apply", CUSTOMER_ID), { code })
        expect(first.data.referral.reward).toEqual({ type: "points", points: 150 })
        await api.post(proxyPath("referrals/apply", CUSTOMER_ID), { code })
        expect((await member())!.points_balance).toBe(before + 150)
        expect(await loyalty.listLoyaltyEntries({ source_type: "referral", account_id: (await member())!.id })).toHaveLength(1)
        expect(standIn.operations("discountCodeBasicCreate")).toHaveLength(0)
      })

      it("gives the code when an admin approves a held referral of a Shopify friend", async () => {
        const code = await referrerCode("helmi@example.com")
        // the same mailbox as the referrer's: held for review
        await deliver("customers/create", customerPayload({ id: CUSTOMER_ID, email: "helmi+shop@example.com" }))
        const held = await api.post(proxyPath("referrals/apply", CUSTOMER_ID), { code })
        expect(held.data.referral).toEqual(expect.objectContaining({ status: "not_eligible", reward: null }))
        expect(standIn.operations("discountCodeBasicCreate")).toHaveLength(0)

        const [referral] = await loyalty.listLoyaltyReferrals({ friend_account_id: (await member())!.id })
        const { result } = await approveReferralWorkflow(getContainer()).run({
          input: { referral_id: referral.id, note: "Checked: two people", actor_id: "user_test" },
        })
        expect(result.friend_reward).toEqual(expect.objectContaining({ type: "shopify_code", shopify_customer_id: CUSTOMER_ID, amount: "5" }))
        expect(standIn.refused).toEqual([])
        const created = standIn.operations("discountCodeBasicCreate")
        expect(created).toHaveLength(1)
        expect(created[0].variables.basicCodeDiscount.context).toEqual({ customers: { add: [gid] } })
        const shown = await api.post(proxyPath("referrals/apply", CUSTOMER_ID), { code })
        expect(shown.data.referral.reward).toEqual(expect.objectContaining({ type: "promotion", code: (result.friend_reward as any).code }))
      })
    })
  },
})
