import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { reconcileReviewAwards } from "../../src/workflows/reviews"
import { seedShop, Shop } from "../fixtures/shop"
import { createAdmin, entriesOf, failing, Headers, recordLoyaltyEvents, registerCustomer } from "../helpers"

jest.setTimeout(300_000)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: Shop
    let loyalty: LoyaltyModuleService
    let admin: Headers
    let emitted: { name: string; data: any }[]

    beforeEach(async () => {
      const container = getContainer()
      loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      shop = await seedShop(container)
      admin = (await createAdmin(api, container)).headers
      emitted = recordLoyaltyEvents(container)
    })

    afterEach(() => jest.restoreAllMocks())

    const store = () => ({ headers: { "x-publishable-api-key": shop.publishableKey } })
    const register = (email: string) => registerCustomer(api, shop.publishableKey, email)
    const claim = (customer: { headers: Headers }, body: Record<string, unknown>) => api.post("/store/loyalty/claims", body, customer.headers)
    const earned = async (customerId: string, reason: string) =>
      (await entriesOf(loyalty, customerId)).filter((e: any) => e.reason === reason).reduce((sum: number, e: any) => sum + e.points, 0)

    it("Instagram claimed twice is a 409; an auto-approved platform awards at once; a manual one waits, and approving it twice (also at once) awards once", async () => {
      await loyalty.updateProgramSettings({
        earning: { social_auto_approve: { tiktok: true }, social_profiles: { instagram: "https://instagram.com/kapyshop" } },
      })
      const program = await api.get("/store/loyalty/program", store())
      expect(program.data.program.ways_to_earn).toEqual(
        expect.arrayContaining([
          { action: "social_follow", platform: "instagram", points: 10, profile_url: "https://instagram.com/kapyshop", auto_approve: false },
          { action: "social_follow", platform: "tiktok", points: 10, profile_url: null, auto_approve: true },
        ])
      )
      const aino = await register("aino@example.com")

      const auto = await claim(aino, { action: "social_follow", platform: "tiktok", handle: "<b>@aino</b>" })
      expect(auto.status).toBe(201)
      expect(auto.data.claim).toEqual(expect.objectContaining({ status: "approved", points: 10, handle: "@aino" }))
      expect(await earned(aino.id, "social")).toBe(10)

      const manual = await claim(aino, { action: "social_follow", platform: "instagram", handle: "@aino" })
      expect(manual.data.claim.status).toBe("pending")
      const again = await failing(claim(aino, { action: "social_follow", platform: "instagram" }))
      expect(again.status).toBe(409)
      expect(again.data.message).toContain(manual.data.claim.id)

      const queue = await api.get("/admin/loyalty/claims?status=pending&type=social_follow", admin)
      expect(queue.data.claims.map((c: any) => c.id)).toEqual([manual.data.claim.id])
      expect(queue.data.claims[0].customer_id).toBe(aino.id)
      expect(queue.data.claims[0].customer).toEqual(expect.objectContaining({ id: aino.id, email: "aino@example.com" }))
      expect((await api.get("/admin/loyalty/claims?q=aino@example.com", admin)).data.count).toBe(2)

      // two approvals at once: one wins, the other is a 409; 10 cones once
      const id = manual.data.claim.id
      const both = await Promise.allSettled([
        api.post(`/admin/loyalty/claims/${id}/approve`, {}, admin),
        api.post(`/admin/loyalty/claims/${id}/approve`, {}, admin),
      ])
      expect(both.map((r) => (r.status === "fulfilled" ? r.value.status : (r.reason as any).response.status)).sort()).toEqual([200, 409])
      expect((await failing(api.post(`/admin/loyalty/claims/${id}/approve`, {}, admin))).status).toBe(409)
      expect((await failing(api.post(`/admin/loyalty/claims/${id}/reject`, { reason: "late" }, admin))).status).toBe(409)
      expect(await earned(aino.id, "social")).toBe(20)
      expect(emitted.filter((e) => e.name === "loyalty.claim_approved").map((e) => e.data.claim_id).sort()).toEqual(
        [auto.data.claim.id, id].sort()
      )

      // a rejected platform may be claimed again
      const fb = await claim(aino, { action: "social_follow", platform: "facebook" })
      await api.post(`/admin/loyalty/claims/${fb.data.claim.id}/reject`, { reason: "Not following" }, admin)
      expect((await claim(aino, { action: "social_follow", platform: "facebook" })).status).toBe(201)

      const report = await loyalty.reconcile()
      expect(report.drifts).toEqual([])
      expect(report.awards).toEqual([])
    })

    it("custom actions: CRUD, once or limited per day, bulk approve and reject each decided once; the daily claim limit", async () => {
      const created = await api.post(
        "/admin/loyalty/actions",
        { name: { en: "Store event", fi: "Myymälätapahtuma" }, points: 25, frequency: "repeatable", limit_count: 2, limit_period: "day" },
        admin
      )
      expect(created.status).toBe(201)
      const action = created.data.action
      const once = (await api.post("/admin/loyalty/actions", { name: { en: "Survey" }, points: 5, auto_approve: true }, admin)).data.action
      const bad = await failing(api.post("/admin/loyalty/actions", { name: { fi: "x" }, points: 1 }, admin))
      expect(bad.status).toBe(400)
      expect(bad.data.message).toContain("name")
      const ended = (await api.post("/admin/loyalty/actions", { name: { en: "Old" }, points: 5, ends_at: "2020-01-01T00:00:00Z" }, admin)).data.action

      const program = await api.get("/store/loyalty/program", store())
      expect(program.data.program.ways_to_earn.filter((w: any) => w.action === "custom").map((w: any) => w.action_id).sort()).toEqual(
        [action.id, once.id].sort()
      )

      const aino = await register("aino@example.com")
      const bob = await register("bob@example.com")
      const first = await claim(aino, { action: "custom", action_id: action.id, evidence: "Receipt 123" })
      const second = await claim(aino, { action: "custom", action_id: action.id })
      expect((await failing(claim(aino, { action: "custom", action_id: action.id }))).status).toBe(409)
      expect((await claim(aino, { action: "custom", action_id: once.id })).data.claim.status).toBe("approved")
      expect((await failing(claim(aino, { action: "custom", action_id: once.id }))).status).toBe(409)
      expect((await failing(claim(aino, { action: "custom", action_id: ended.id }))).status).toBe(409)
      const bobs = await claim(bob, { action: "custom", action_id: action.id })

      // a customer sees only their own claims
      const mine = await api.get("/store/loyalty/me/claims", aino.headers)
      expect(mine.data.claims).toHaveLength(3)
      expect(mine.data.claims.map((c: any) => c.id)).not.toContain(bobs.data.claim.id)
      expect((await api.get("/store/loyalty/me/claims", bob.headers)).data.claims.map((c: any) => c.id)).toEqual([bobs.data.claim.id])

      const bulk = await api.post(
        "/admin/loyalty/claims/bulk",
        { action: "approve", ids: [first.data.claim.id, second.data.claim.id, first.data.claim.id, "kclm_nope"] },
        admin
      )
      expect(bulk.data.results).toEqual([
        { id: first.data.claim.id, ok: true, status: "approved", points: 25 },
        { id: second.data.claim.id, ok: true, status: "approved", points: 25 },
        { id: "kclm_nope", ok: false, type: "not_found", message: expect.any(String) },
      ])
      const repeat = await api.post("/admin/loyalty/claims/bulk", { action: "reject", ids: [first.data.claim.id, bobs.data.claim.id], reason: "Duplicate" }, admin)
      expect(repeat.data.results).toEqual([
        { id: first.data.claim.id, ok: false, type: "conflict", message: expect.stringContaining("already approved") },
        { id: bobs.data.claim.id, ok: true, status: "rejected", points: 25 },
      ])
      expect(await earned(aino.id, "custom")).toBe(55)
      expect(await earned(bob.id, "custom")).toBe(0)
      expect((await failing(api.post("/admin/loyalty/claims/bulk", { action: "reject", ids: [bobs.data.claim.id] }, admin))).data.message).toContain("reason")

      // update and delete an action
      expect((await api.post(`/admin/loyalty/actions/${action.id}`, { points: 30 }, admin)).data.action.points).toBe(30)
      await api.delete(`/admin/loyalty/actions/${ended.id}`, admin)
      expect((await failing(api.get(`/admin/loyalty/actions/${ended.id}`, admin))).status).toBe(404)

      // at most claims_per_day claims in 24 hours (aino has made 3)
      await loyalty.updateProgramSettings({ abuse: { claims_per_day: 3 } })
      const limited = await failing(claim(aino, { action: "social_follow", platform: "youtube" }))
      expect(limited.status).toBe(400)
      expect(limited.data.message).toContain("24 hours")
    })

    it("store routes need login; admin routes refuse customers and anonymous callers; bad input is a 400 naming the field", async () => {
      const aino = await register("aino@example.com")
      expect((await failing(api.post("/store/loyalty/claims", { action: "social_follow", platform: "instagram" }, store()))).status).toBe(401)
      expect((await failing(api.get("/store/loyalty/me/claims", store()))).status).toBe(401)
      for (const [method, path] of [
        ["get", "/admin/loyalty/claims"],
        ["post", "/admin/loyalty/claims/kclm_1/approve"],
        ["post", "/admin/loyalty/claims/bulk"],
        ["post", "/admin/loyalty/actions"],
        ["post", "/admin/loyalty/imports/awards"],
      ] as const) {
        expect((await failing((api as any)[method](path, method === "get" ? aino.headers : {}, method === "get" ? undefined : aino.headers))).status).toBe(401)
        expect((await failing((api as any)[method](path, method === "get" ? undefined : {}))).status).toBe(401)
      }
      const platform = await failing(claim(aino, { action: "social_follow", platform: "myspace" }))
      expect(platform.status).toBe(400)
      expect(platform.data.message).toContain("platform")
    })

    it("a CSV of 1 000 rows (some bad): good rows awarded, bad rows reported by line; the same file again awards nothing new; reconcile is clean", async () => {
      const customers = await Promise.all(["a@example.com", "b@example.com", "c@example.com"].map((e) => register(e)))
      const lines = ["email,customer_id,points,reason,key"]
      for (let i = 0; i < 1000; i++) {
        const c = customers[i % 3]
        lines.push(i % 2 ? `${c.email},,2,Event ${i},` : `,${c.id},1,"Visit, no ${i}",row-${i}`)
      }
      // bad rows: unknown customer, 1.5, no reason, more than the balance
      lines[11] = "nobody@example.com,,5,Event,"
      lines[21] = `${customers[0].email},,1.5,Event,`
      lines[31] = `${customers[1].email},,5,,`
      lines[41] = `${customers[2].email},,-100000,Correction,`
      const csv = lines.join("\n") + "\n"
      const upload = () =>
        api.post("/admin/loyalty/imports/awards", csv, { headers: { ...admin.headers, "content-type": "text/csv" } })

      const first = await upload()
      expect(first.status).toBe(200)
      expect(first.data.import).toEqual(expect.objectContaining({ rows: 1000, awarded: 996, already_awarded: 0, failed: 4 }))
      expect(first.data.import.results.filter((r: any) => r.status === "error")).toEqual([
        { line: 12, status: "error", message: "No customer nobody@example.com" },
        { line: 22, status: "error", message: expect.stringContaining("whole number") },
        { line: 32, status: "error", message: "reason is required" },
        { line: 42, status: "error", message: expect.stringContaining("Not enough points") },
      ])
      const totals = await Promise.all(customers.map((c) => earned(c.id, "import")))
      // the four bad rows were 1-cone rows: 496 x 1 + 500 x 2
      expect(totals.reduce((a, b) => a + b, 0)).toBe(1496)

      const again = await upload()
      expect(again.data.import).toEqual(expect.objectContaining({ awarded: 0, already_awarded: 996, failed: 4 }))
      expect(await Promise.all(customers.map((c) => earned(c.id, "import")))).toEqual(totals)

      const report = await loyalty.reconcile()
      expect(report.drifts).toEqual([])
      expect(report.awards).toEqual([])
      expect(await reconcileReviewAwards(getContainer())).toEqual([])

      const badHeader = await failing(api.post("/admin/loyalty/imports/awards", "who,points\nx,1\n", { headers: { ...admin.headers, "content-type": "text/csv" } }))
      expect(badHeader.status).toBe(400)
      expect(badHeader.data.message).toContain("who")
    })
  },
})
