import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { afterSubscribers, createAdmin, createPublishableKey, failing, registerCustomer } from "../helpers"

jest.setTimeout(120_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let publishableKey: string
    let loyalty: LoyaltyModuleService

    beforeEach(async () => {
      const container = getContainer()
      publishableKey = await createPublishableKey(container)
      loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      // these tests count every entry: no welcome bonus on registration here
      await loyalty.updateProgramSettings({ earning: { signup_points: 0 } })
    })

    const store = () => ({ headers: { "x-publishable-api-key": publishableKey } })
    const award = (customerId: string, points: number, label: string) =>
      loyalty.earnPoints({
        customer_id: customerId,
        points,
        reason: "order",
        source_type: "order",
        source_id: label,
        idempotency_key: `test:${customerId}:${label}`,
        actor_type: "system",
      })
    const accountCount = async () => (await loyalty.listLoyaltyAccounts({}, { select: ["id"] })).length
    const entryCount = async () =>
      (await loyalty.listLoyaltyEntries({}, { select: ["id"] })).length

    describe("GET /store/loyalty/program", () => {
      it("describes the default program without a customer", async () => {
        const { status, data } = await api.get("/store/loyalty/program", store())
        expect(status).toBe(200)
        expect(data.program.unit).toEqual({
          en: { one: "cone", other: "cones" },
          fi: { one: "käpy", other: "käpyä" },
        })
        // only what works and earns: reviews and each platform (no profile URL set yet, no custom actions)
        expect(data.program.ways_to_earn).toEqual([
          { action: "purchase", rates: { eur: "1" }, pending_days: 14 },
          { action: "birthday", points: 100 },
          { action: "referral", points: 500 },
          { action: "review", points: 20, auto_approve: false },
          ...["instagram", "facebook", "tiktok", "youtube", "x", "newsletter"].map((platform) => ({
            action: "social_follow",
            platform,
            points: 10,
            profile_url: null,
            auto_approve: false,
          })),
        ])
        expect(data.program.referral).toEqual({
          referrer_points: 500,
          friend_reward: { type: "promotion", amount: 5, currency_code: "eur", min_order: 30 },
          min_order: { eur: "30" },
          link_param: "ref",
        })
        expect(data.program.redemption).toEqual(
          expect.objectContaining({ rates: { eur: "100" }, min_points: 100, max_cart_share_percent: 100 })
        )
        expect(data.program.tiers.map((t: any) => [t.name, t.threshold, t.multiplier])).toEqual([
          ["Bronze", 0, 1],
          ["Silver", 300, 1.25],
          ["Gold", 1000, 1.5],
        ])
      })

      it("needs the publishable key like every store route", async () => {
        const { status } = await failing(api.get("/store/loyalty/program"))
        expect(status).toBe(400)
      })
    })

    describe("GET /store/loyalty/me", () => {
      it("is 401 without a logged-in customer", async () => {
        const { status } = await failing(api.get("/store/loyalty/me", store()))
        expect(status).toBe(401)
        const transactions = await failing(api.get("/store/loyalty/me/transactions", store()))
        expect(transactions.status).toBe(401)
      })

      it("shows each customer only their own account", async () => {
        const aino = await registerCustomer(api, publishableKey, "aino@example.com")
        const eero = await registerCustomer(api, publishableKey, "eero@example.com")
        await award(aino.id, 120, "order_a1")
        await award(eero.id, 7, "order_e1")

        const mine = await api.get("/store/loyalty/me", aino.headers)
        expect(mine.status).toBe(200)
        expect(mine.data.account).toEqual(
          expect.objectContaining({
            customer_id: aino.id,
            points_balance: 120,
            points_pending: 0,
            lifetime_points: 120,
            tier: expect.objectContaining({ name: "Bronze" }),
            next_tier: { id: expect.any(String), name: "Silver", remaining: 300 },
            referral_code: expect.stringMatching(/^[A-Z2-9]{8}$/),
            referral_link: expect.stringMatching(/\?ref=[A-Z2-9]{8}$/),
          })
        )
        const theirs = await api.get("/store/loyalty/me", eero.headers)
        expect(theirs.data.account.customer_id).toBe(eero.id)
        expect(theirs.data.account.points_balance).toBe(7)
        expect(theirs.data.account.referral_code).not.toBe(mine.data.account.referral_code)
      })

      it("makes a registered customer a member, and reads without writing", async () => {
        const sofia = await afterSubscribers(getContainer(), "customer.created", () =>
          registerCustomer(api, publishableKey, "sofia@example.com")
        )
        const member = await loyalty.retrieveMember({ customer_id: sofia.id })
        expect(member).toEqual(expect.objectContaining({ customer_id: sofia.id, points_balance: 0 }))
        const { data } = await api.get("/store/loyalty/me", sofia.headers)
        expect(data.account).toEqual(
          expect.objectContaining({ id: member!.id, points_balance: 0, points_pending: 0, lifetime_points: 0 })
        )
        const [identity] = await loyalty.listMemberIdentities(member!.id)
        expect(identity).toEqual(expect.objectContaining({ provider: "medusa", external_id: sofia.id, email: "sofia@example.com", email_verified: false }))
      })

      it("reads the member once: Kapy's part of the page is three statements, none of them for the program", async () => {
        const rauha = await afterSubscribers(getContainer(), "customer.created", () =>
          registerCustomer(api, publishableKey, "rauha@example.com")
        )
        await award(rauha.id, 120, "order_1")
        await api.get("/store/loyalty/me", rauha.headers) // the program's cache filled once
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const sent: string[] = []
        const listener = (q: { sql: string }) => sent.push(q.sql)
        knex.on("query", listener)
        let data: any
        try {
          ;({ data } = await api.get("/store/loyalty/me", rauha.headers))
        } finally {
          knex.removeListener("query", listener)
        }
        expect(data.account.points_balance + data.account.points_pending).toBe(120)
        const kapy = sent.filter((sql) => /\bkapy_/.test(sql))
        // the member (identity, account after merges, merged accounts, program generation), the tier
        // totals, the referrals both ways; the program (settings, tiers, stamp cards) from its cache;
        // no expiry read (expiry is off) and no stamp read (no card)
        expect(kapy).toHaveLength(3)
        expect(kapy.filter((sql) => /kapy_program_generation/.test(sql))).toHaveLength(1)
        expect(kapy.filter((sql) => /kapy_account_identity/.test(sql))).toHaveLength(1)
        expect(kapy.filter((sql) => /\b(from|join) "?kapy_(program|tier|stamp_card|action|campaign)"?\b/i.test(sql))).toEqual([])
      })

      it("shows a customer who is no member yet a zero account, and creates none on GET", async () => {
        const admin = await createAdmin(api, getContainer())
        // a customer from before the plugin was installed: no account, no subscriber to make one
        const [{ id }] = await getContainer().resolve(Modules.CUSTOMER).createCustomers([{ email: "old@example.com", has_account: true }])
        const before = await accountCount()
        const detail = await api.get(`/admin/loyalty/accounts/${id}`, admin.headers)
        expect(detail.data.account).toEqual(
          expect.objectContaining({ id: null, customer_id: id, points_balance: 0, referral_code: null, identities: [] })
        )
        expect(detail.data.entries).toEqual([])
        expect(await accountCount()).toBe(before)
        expect(await loyalty.retrieveMember({ customer_id: id })).toBeNull()
      })
    })

    describe("GET /store/loyalty/me/transactions", () => {
      it("lists the customer's own entries newest first, paginated", async () => {
        const aino = await registerCustomer(api, publishableKey, "aino@example.com")
        const eero = await registerCustomer(api, publishableKey, "eero@example.com")
        for (const label of ["o1", "o2", "o3"]) {
          await award(aino.id, 10, label)
        }
        await award(eero.id, 99, "other")

        const page = await api.get("/store/loyalty/me/transactions?limit=2&offset=0", aino.headers)
        expect(page.data.count).toBe(3)
        expect(page.data.limit).toBe(2)
        expect(page.data.transactions.map((t: any) => t.source_id)).toEqual(["o3", "o2"])
        expect(page.data.transactions[0]).toEqual(
          expect.objectContaining({ reason: "order", points: 10, balance_after: 30 })
        )
        expect(page.data.transactions[0].idempotency_key).toBeUndefined()
        const rest = await api.get("/store/loyalty/me/transactions?limit=2&offset=2", aino.headers)
        expect(rest.data.transactions.map((t: any) => t.source_id)).toEqual(["o1"])
      })

      it.each([
        ["limit=0", /field 'limit' too small, expected at least: '1'/],
        ["limit=1000", /field 'limit' too big, expected at most: '100'/],
        ["limit=abc", /Expected type: 'number' for field 'limit', got: 'abc'/],
        ["offset=-1", /field 'offset' too small, expected at least: '0'/],
        ["offset=1.5", /offset/],
      ])("refuses %s with a 400 that says why", async (qs, message) => {
        const aino = await registerCustomer(api, publishableKey, "aino@example.com")
        const { status, data } = await failing(
          api.get(`/store/loyalty/me/transactions?${qs}`, aino.headers)
        )
        expect(status).toBe(400)
        expect(data.type).toBe("invalid_data")
        expect(data.message).toMatch(message)
      })
    })

    describe("admin accounts", () => {
      it("needs an admin: 401 without login and with a customer's token", async () => {
        const aino = await registerCustomer(api, publishableKey, "aino@example.com")
        const anonymous = await failing(
          api.post(`/admin/loyalty/accounts/${aino.id}/adjustments`, { points: 10, reason: "x" })
        )
        expect(anonymous.status).toBe(401)
        const asCustomer = await failing(
          api.post(
            `/admin/loyalty/accounts/${aino.id}/adjustments`,
            { points: 10, reason: "x" },
            { headers: { authorization: `Bearer ${aino.token}` } }
          )
        )
        expect(asCustomer.status).toBe(401)
        expect((await failing(api.get("/admin/loyalty/accounts"))).status).toBe(401)
        expect(await entryCount()).toBe(0)
      })

      it("adjusts a balance with a reason, attributed to the admin, once per idempotency key", async () => {
        const admin = await createAdmin(api, getContainer())
        const aino = await registerCustomer(api, publishableKey, "aino@example.com")
        const headers = { headers: { ...admin.headers.headers, "idempotency-key": "goodwill-1" } }

        const first = await api.post(
          `/admin/loyalty/accounts/${aino.id}/adjustments`,
          { points: 150, reason: "Goodwill for a late delivery" },
          headers
        )
        expect(first.status).toBe(201)
        expect(first.data.entry).toEqual(
          expect.objectContaining({
            reason: "adjustment",
            points: 150,
            note: "Goodwill for a late delivery",
            actor_type: "user",
            actor_id: admin.id,
          })
        )
        expect(first.data.account.points_balance).toBe(150)

        const retry = await api.post(
          `/admin/loyalty/accounts/${aino.id}/adjustments`,
          { points: 150, reason: "Goodwill for a late delivery" },
          headers
        )
        expect(retry.status).toBe(200)
        expect(retry.data.entry.id).toBe(first.data.entry.id)
        expect(retry.data.account.points_balance).toBe(150)

        const reused = await failing(
          api.post(
            `/admin/loyalty/accounts/${aino.id}/adjustments`,
            { points: 15, reason: "Another thing" },
            headers
          )
        )
        expect(reused.status).toBe(409)
        expect(reused.data.message).toMatch(/already used for a change of 150 points, not 15/)

        const down = await api.post(
          `/admin/loyalty/accounts/${aino.id}/adjustments`,
          { points: -50, reason: "Review reward given twice" },
          admin.headers
        )
        expect(down.data.account.points_balance).toBe(100)

        const tooMuch = await failing(
          api.post(
            `/admin/loyalty/accounts/${aino.id}/adjustments`,
            { points: -101, reason: "too much" },
            admin.headers
          )
        )
        expect(tooMuch.status).toBe(409)
        expect(tooMuch.data.message).toMatch(/Not enough points: 100 available, 101 requested/)
        expect((await loyalty.reconcile()).drifts).toEqual([])
      })

      it.each([
        ["negative zero", { points: -0, reason: "r" }, /points must not be zero/],
        ["a fraction", { points: 1.5, reason: "r" }, /points must be a whole number/],
        ["a string", { points: "abc", reason: "r" }, /points must be a number/],
        ["a numeric string", { points: "10", reason: "r" }, /points must be a number/],
        ["a huge number", { points: 1e20, reason: "r" }, /points must be at most 100000000/],
        ["no points", { reason: "r" }, /points must be a number/],
        ["no reason", { points: 10 }, /Field 'reason' is required/],
        ["an empty reason", { points: 10, reason: "   " }, /field 'reason' too small/],
        ["an unknown field", { points: 10, reason: "r", balance: 5 }, /balance/],
      ])("refuses %s with a 400 and writes nothing", async (_label, body, message) => {
        const admin = await createAdmin(api, getContainer())
        const aino = await registerCustomer(api, publishableKey, "aino@example.com")
        const { status, data } = await failing(
          api.post(`/admin/loyalty/accounts/${aino.id}/adjustments`, body, admin.headers)
        )
        expect(status).toBe(400)
        expect(data.type).toBe("invalid_data")
        expect(data.message).toMatch(message)
        expect(await entryCount()).toBe(0)
      })

      it("answers 404 for an unknown customer and writes nothing", async () => {
        const admin = await createAdmin(api, getContainer())
        const adjust = await failing(
          api.post(
            "/admin/loyalty/accounts/cus_does_not_exist/adjustments",
            { points: 10, reason: "r" },
            admin.headers
          )
        )
        expect(adjust.status).toBe(404)
        expect(adjust.data.message).toMatch(/cus_does_not_exist was not found/)
        const view = await failing(api.get("/admin/loyalty/accounts/cus_does_not_exist", admin.headers))
        expect(view.status).toBe(404)
        expect(await entryCount()).toBe(0)
        expect(await loyalty.listLoyaltyAccounts({})).toHaveLength(0)
      })

      it("lists and searches accounts, and shows one with its entries", async () => {
        const admin = await createAdmin(api, getContainer())
        const aino = await registerCustomer(api, publishableKey, "aino@example.com")
        const eero = await registerCustomer(api, publishableKey, "eero@example.com")
        await award(aino.id, 40, "a1")
        await award(aino.id, 2, "a2")
        const eeroEarn = await award(eero.id, 5, "e1")

        const all = await api.get("/admin/loyalty/accounts", admin.headers)
        expect(all.data.count).toBe(2)
        expect(all.data.accounts.map((a: any) => a.customer.email).sort()).toEqual([
          "aino@example.com",
          "eero@example.com",
        ])

        const byEmail = await api.get("/admin/loyalty/accounts?q=aino", admin.headers)
        expect(byEmail.data.accounts.map((a: any) => a.customer_id)).toEqual([aino.id])
        // LIKE wildcards are plain text: they match nobody's email or name
        for (const wildcard of ["%", "_", "%25", "a%", "_ino"]) {
          const found = await api.get(`/admin/loyalty/accounts?q=${encodeURIComponent(wildcard)}`, admin.headers)
          expect([wildcard, found.data.count]).toEqual([wildcard, 0])
        }
        const byCode = await api.get(
          `/admin/loyalty/accounts?q=${eeroEarn.account.referral_code.toLowerCase()}`,
          admin.headers
        )
        expect(byCode.data.accounts.map((a: any) => a.customer_id)).toEqual([eero.id])

        const detail = await api.get(`/admin/loyalty/accounts/${aino.id}?limit=1`, admin.headers)
        expect(detail.data.account).toEqual(
          expect.objectContaining({
            points_balance: 42,
            customer: expect.objectContaining({ email: "aino@example.com" }),
          })
        )
        expect(detail.data.count).toBe(2)
        expect(detail.data.entries).toHaveLength(1)
        expect(detail.data.entries[0]).toEqual(
          expect.objectContaining({ source_id: "a2", idempotency_key: `test:${aino.id}:a2` })
        )
      })

      it("reads and changes the program settings, refusing invalid ones", async () => {
        const admin = await createAdmin(api, getContainer())
        const updated = await api.post(
          "/admin/loyalty/program",
          { earning: { pending_days: 30 }, storefront_url: "https://shop.example.fi" },
          admin.headers
        )
        expect(updated.data.program.earning.pending_days).toBe(30)
        const bad = await failing(
          api.post("/admin/loyalty/program", { redemption: { min_points: 0 } }, admin.headers)
        )
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/redemption.min_points/)
        const read = await api.get("/admin/loyalty/program", admin.headers)
        expect(read.data.program.redemption.min_points).toBe(100)
        expect(read.data.program.storefront_url).toBe("https://shop.example.fi")
      })
    })
  },
})
