import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { KAPY_REVIEWS_MODULE } from "../../src/modules/reviews"
import type ReviewModuleService from "../../src/modules/reviews/service"
import { awardOrderPointsWorkflow } from "../../src/workflows/earning"
import { reconcileReviewAwards } from "../../src/workflows/reviews/utils/reconcile-review-awards"
import { completeCart, createCart, seedShop, Shop } from "../fixtures/shop"
import { afterSubscribers, createAdmin, entriesOf, failing, Headers, registerCustomer } from "../helpers"
import { runScheduledJob } from "../jobs"

jest.setTimeout(240_000)

medusaIntegrationTestRunner({
  // a database of its own: other specs may run at the same time on this machine
  dbName: "kapy-http-privacy",
  testSuite: ({ api, getContainer, dbConnection }) => {
    let shop: Shop
    let loyalty: LoyaltyModuleService
    let reviews: ReviewModuleService
    let admin: Headers

    beforeEach(async () => {
      const container = getContainer()
      loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      reviews = container.resolve<ReviewModuleService>(KAPY_REVIEWS_MODULE)
      shop = await seedShop(container, [{ handle: "shoes", title: "Felt slippers", price: 40 }])
      admin = (await createAdmin(api, container)).headers
      // these tests count every entry: no welcome bonus on registration here
      await loyalty.updateProgramSettings({ earning: { signup_points: 0 } })
    })

    const register = (email: string) => registerCustomer(api, shop.publishableKey, email)
    const system = { actor_type: "system" as const, actor_id: "test" }
    const award = (customerId: string, points: number, label: string) =>
      loyalty.earnPoints({ customer_id: customerId, points, reason: "order", source_type: "order", source_id: label, idempotency_key: `t:${customerId}:${label}`, ...system })

    /** An approved review with its award entry, as an admin approves one. */
    async function approvedReview(customer: { id: string }, displayName: string) {
      const { review } = await reviews.submitReview({
        product_id: shop.products.shoes,
        customer_id: customer.id,
        display_name: displayName,
        rating: 5,
        title: "Warm",
        content: "Lovely slippers",
        verified_purchase: true,
      })
      await api.post(`/admin/reviews/${review.id}/approve`, {}, admin)
      return review.id
    }

    /** Every kapy_* table's rows, as text, that contain `needle`. */
    async function kapyRowsContaining(needle: string) {
      const tables = await dbConnection.raw(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'kapy\\_%'`
      )
      const found: string[] = []
      for (const { table_name } of tables.rows) {
        const hit = await dbConnection.raw(`SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text ILIKE ?`, [`%${needle}%`])
        if (hit.rows[0].n) {
          found.push(table_name)
        }
      }
      expect(tables.rows.length).toBeGreaterThan(10)
      return found
    }

    /** The totals the reports read: points by reason, and the stored balances. */
    async function ledgerTotals() {
      const byReason = await dbConnection.raw(`SELECT reason, SUM(points)::int AS points, COUNT(*)::int AS n FROM kapy_ledger_entry GROUP BY reason ORDER BY reason`)
      const balances = await dbConnection.raw(`SELECT SUM(points_balance)::int AS balance, SUM(points_pending)::int AS pending, SUM(lifetime_points)::int AS lifetime FROM kapy_account`)
      return { byReason: byReason.rows, balances: balances.rows[0] }
    }

    async function reconcileClean() {
      const report = await loyalty.reconcile()
      expect(report.drifts).toEqual([])
      expect(report.awards).toEqual([])
      expect(await reconcileReviewAwards(getContainer())).toEqual([])
    }

    it("exports every entry of the shopper and nothing of another's, with claims, reviews, referrals and consents; admins get the same", async () => {
      const aino = await register("aino.export@kapy.test")
      const bert = await register("bert.export@kapy.test")
      await award(aino.id, 120, "o1")
      await loyalty.spendPoints({ customer_id: aino.id, points: 20, idempotency_key: "spend:aino", ...system })
      await award(bert.id, 70, "o2")
      await approvedReview(aino, "Aino E.")
      await api.post("/store/loyalty/me/consents", { program: true, marketing: { email: true } }, aino.headers)

      const own = (await entriesOf(loyalty, aino.id)).map((e: any) => e.id).sort()
      const others = (await entriesOf(loyalty, bert.id)).map((e: any) => e.id)
      const { status, data, headers } = await api.get("/store/loyalty/me/export", aino.headers)
      expect(status).toBe(200)
      expect(headers["content-disposition"]).toMatch(/attachment/)
      expect(data.entries.map((e: any) => e.id).sort()).toEqual(own)
      expect(own).toHaveLength(3) // order, spend, review
      expect(data.entries.some((e: any) => others.includes(e.id))).toBe(false)
      expect(data.account.id).toBe((await loyalty.retrieveMember({ customer_id: aino.id }))!.id)
      expect(data.reviews).toEqual([expect.objectContaining({ display_name: "Aino E.", content: "Lovely slippers" })])
      expect(data.consents.program).toEqual(expect.objectContaining({ granted: true, text_version: "1" }))
      expect(data.consents.marketing.email).toEqual(expect.objectContaining({ granted: true }))
      expect(data.consents.marketing.sms).toBeNull()
      expect(data.referrals).toEqual([])
      expect(data.claims).toEqual([])
      expect(data.stamps).toEqual([])
      expect(data.stamp_rewards).toEqual([])
      expect(JSON.stringify(data)).not.toContain(bert.email)

      const byAdmin = await api.get(`/admin/loyalty/accounts/${aino.id}/export`, admin)
      expect(byAdmin.data.entries.map((e: any) => e.id).sort()).toEqual(own)
    })

    it("records consent per channel with its time and text version, editable by the shopper and shown to admins; bad input changes nothing", async () => {
      const aino = await register("aino.consent@kapy.test")
      const bad = await failing(api.post("/store/loyalty/me/consents", {}, aino.headers))
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/program/)
      expect((await failing(api.post("/store/loyalty/me/consents", { marketing: { fax: true } }, aino.headers))).status).toBe(400)
      expect((await api.get("/store/loyalty/me/consents", aino.headers)).data.consents).toEqual({
        program: null,
        marketing: { email: null, sms: null, push: null },
      })

      const given = await api.post("/store/loyalty/me/consents", { program: true, marketing: { email: true, sms: false }, text_version: "2026-11" }, aino.headers)
      expect(given.data.consents.program).toEqual(expect.objectContaining({ granted: true, text_version: "2026-11", withdrawn_at: null, source: "store" }))
      expect(given.data.consents.marketing.sms).toEqual(expect.objectContaining({ granted: false, granted_at: null }))
      const grantedAt = given.data.consents.marketing.email.granted_at
      expect(grantedAt).toBeTruthy()

      const withdrawn = await api.post("/store/loyalty/me/consents", { marketing: { email: false } }, aino.headers)
      expect(withdrawn.data.consents.marketing.email).toEqual(
        expect.objectContaining({ granted: false, granted_at: grantedAt, withdrawn_at: expect.any(String) })
      )
      // the program consent was left as it was
      expect(withdrawn.data.consents.program.granted).toBe(true)
      const shown = await api.get(`/admin/loyalty/accounts/${aino.id}/consents`, admin)
      expect(shown.data.consents).toEqual(withdrawn.data.consents)
    })

    it("erases a deleted customer: the email is nowhere in Kapy's tables, reviews keep no name, the referral link is broken, the ledger, reconcile and totals unchanged", async () => {
      const aino = await register("aino.erase@kapy.test")
      const bert = await register("bert.erase@kapy.test")
      await award(aino.id, 300, "o1")
      await award(bert.id, 40, "o2")
      const reviewId = await approvedReview(aino, "Aino V.")
      await api.post("/store/loyalty/me/consents", { program: true, marketing: { email: true } }, aino.headers)
      await api.post("/store/loyalty/me", { birthday: "1990-05-05" }, aino.headers)
      await loyalty.ensureCustomerMember({ id: aino.id, email: aino.email })
      const account = (await loyalty.retrieveMember({ customer_id: aino.id }))!
      expect(await kapyRowsContaining(aino.email)).toEqual(["kapy_account_identity"])
      const before = await ledgerTotals()
      const entriesBefore = await dbConnection.raw(`SELECT id, points, balance_after FROM kapy_ledger_entry ORDER BY id`)

      await afterSubscribers(getContainer(), "customer.deleted", () => api.delete(`/admin/customers/${aino.id}`, admin))

      expect(await kapyRowsContaining(aino.email)).toEqual([])
      expect(await kapyRowsContaining("1990-05-05")).toEqual([])
      expect(await ledgerTotals()).toEqual(before)
      expect((await dbConnection.raw(`SELECT id, points, balance_after FROM kapy_ledger_entry ORDER BY id`)).rows).toEqual(entriesBefore.rows)
      await reconcileClean()

      // the review stays, without the name; the old referral code leads nowhere
      const [review] = await reviews.listReviewsAnyState([reviewId])
      expect(review.deleted_at).toBeNull()
      expect((await dbConnection.raw(`SELECT display_name FROM kapy_review WHERE id = ?`, [reviewId])).rows[0].display_name).toBe("Anonymous")
      expect((await failing(api.get(`/store/loyalty/referrals/${account.referral_code}`, { headers: { "x-publishable-api-key": shop.publishableKey } }))).status).toBe(404)
      // nothing of the other customer moved
      expect(await kapyRowsContaining(bert.email)).toEqual(["kapy_account_identity"])
      expect((await loyalty.retrieveMember({ customer_id: bert.id }))!.points_balance).toBe(40)
    })

    it("erases on an admin's request, removing reviews when the shop says so", async () => {
      await loyalty.updateProgramSettings({ privacy: { reviews_on_erasure: "remove" } })
      const aino = await register("aino.request@kapy.test")
      await award(aino.id, 300, "o1")
      const reviewId = await approvedReview(aino, "Aino R.")
      await loyalty.ensureCustomerMember({ id: aino.id, email: aino.email })
      const before = await ledgerTotals()

      const { data } = await api.post(`/admin/loyalty/accounts/${aino.id}/erase`, {}, admin)
      expect(data.erasure.anonymised_account_ids).toHaveLength(1)
      expect(data.erasure.reviews).toEqual({ mode: "remove", reviews: 1 })
      expect(await kapyRowsContaining(aino.email)).toEqual([])
      expect((await reviews.listReviewsAnyState([reviewId]))[0].deleted_at).not.toBeNull()
      expect(await ledgerTotals()).toEqual(before)
      await reconcileClean()
      // again: nothing more to do
      expect((await api.post(`/admin/loyalty/accounts/${aino.id}/erase`, {}, admin)).status).toBe(200)
      expect(await ledgerTotals()).toEqual(before)
    })

    it("a shopper leaves: the balance is forfeited by one entry, the account closed, and the data erased after the shop's retention", async () => {
      await loyalty.updateProgramSettings({ privacy: { retention_days: 30 } })
      const aino = await register("aino.leave@kapy.test")
      await award(aino.id, 250, "o1")
      await loyalty.ensureCustomerMember({ id: aino.id, email: aino.email })

      const [left, again] = [
        await api.post("/store/loyalty/me/leave", {}, aino.headers),
        await api.post("/store/loyalty/me/leave", {}, aino.headers),
      ]
      expect(left.data.account).toEqual(expect.objectContaining({ status: "closed", points_balance: 0, points_pending: 0 }))
      expect(again.data.forfeit_entry_id).toBeNull()
      const forfeits = (await entriesOf(loyalty, aino.id)).filter((e: any) => e.reason === "forfeit")
      expect(forfeits).toEqual([expect.objectContaining({ points: -250, balance_after: 0 })])
      await reconcileClean()

      // an order placed after leaving earns nothing, quietly
      const cartId = await createCart(api, shop, aino.headers, [{ variant: "shoes", quantity: 1 }])
      const placed = await afterSubscribers(getContainer(), "order.placed", () => completeCart(api, cartId, aino.headers))
      expect(placed.type).toBe("order")
      expect((await entriesOf(loyalty, aino.id)).filter((e: any) => e.source_id === placed.order.id)).toEqual([])
      expect((await loyalty.retrieveMember({ customer_id: aino.id }))!.points_pending).toBe(0)
      // the earning workflow itself ends without an error (not a refused write on a closed account)
      const { result } = await awardOrderPointsWorkflow(getContainer()).run({ input: { order_id: placed.order.id } })
      expect(result).toBeNull()

      // within the retention the data stays; after it, it is erased
      await runScheduledJob(getContainer(), "kapy-erase-departed-members", new Date(Date.now() + 29 * 86_400_000))
      expect(await kapyRowsContaining(aino.email)).toEqual(["kapy_account_identity"])
      await runScheduledJob(getContainer(), "kapy-erase-departed-members", new Date(Date.now() + 31 * 86_400_000))
      expect(await kapyRowsContaining(aino.email)).toEqual([])
      await reconcileClean()
    })
  },
})
