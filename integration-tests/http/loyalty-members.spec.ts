import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { KAPY_SHOPIFY_MODULE } from "../../src/modules/shopify"
import type ShopifyModuleService from "../../src/modules/shopify/service"
import { afterSubscribers, createAdmin, createPublishableKey, failing, Headers, registerCustomer } from "../helpers"
import { afterShopifyInbox, postWebhook, useShopifyStandIn } from "../shopify/harness"
import { customerPayload } from "../shopify/payloads"

jest.setTimeout(240_000)

useShopifyStandIn()

// A shopper who has a Shopify customer account and no Medusa customer. Shopify's ids exceed 2^53.
const SIIRI = { id: "7401234567890123461", email: "siiri.shopify@example.com" }

/** An HTTP error as a plain Error (an axios error is circular: Jest's worker cannot report it). */
const plainly = (request: Promise<any>): Promise<any> =>
  request.catch((error: any) => {
    if (!error?.response) {
      throw error
    }
    const { status, data } = error.response
    throw Object.assign(new Error(`${error.config?.method?.toUpperCase()} ${error.config?.url} → ${status} ${JSON.stringify(data)}`), {
      response: { status, data },
    })
  })

medusaIntegrationTestRunner({
  // a database of its own: other specs may run at the same time on this machine
  dbName: "kapy-http-loyalty-members",
  testSuite: ({ api, getContainer, dbConnection }) => {
    let loyalty: LoyaltyModuleService
    let shopify: ShopifyModuleService
    let admin: Headers
    const http = {
      get: (url: string, config?: Headers) => plainly(api.get(url, config)),
      post: (url: string, body: unknown, config?: Headers) => plainly(api.post(url, body, config)),
      delete: (url: string, config?: Headers) => plainly(api.delete(url, config)),
    }

    beforeEach(async () => {
      const container = getContainer()
      loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      shopify = container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
      admin = (await createAdmin(api, container)).headers
      // balances counted from zero: no welcome bonus
      await loyalty.updateProgramSettings({ earning: { signup_points: 0 } })
    })

    /** Siiri signs up on the Shopify shop: a signed `customers/create`, handled by its subscriber. */
    async function shopifySignup(customer = SIIRI) {
      const response: any = await afterShopifyInbox(getContainer(), () =>
        plainly(postWebhook(api, "customers/create", customerPayload({ id: customer.id, email: customer.email })))
      )
      expect(response.status).toBe(200)
      const member = await loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: customer.id })
      expect(member).toEqual(expect.objectContaining({ customer_id: null, points_balance: 0 }))
      return member!
    }

    /** Every kapy_* table's rows, as text, that contain `needle` (as privacy.spec.ts checks an erasure). */
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

    async function ledgerTotals() {
      const byReason = await dbConnection.raw(`SELECT reason, SUM(points)::int AS points, COUNT(*)::int AS n FROM kapy_ledger_entry GROUP BY reason ORDER BY reason`)
      const balances = await dbConnection.raw(`SELECT SUM(points_balance)::int AS balance, SUM(lifetime_points)::int AS lifetime FROM kapy_account`)
      return { byReason: byReason.rows, balances: balances.rows[0] }
    }

    it("finds a Shopify-only member by email, adjusts, overrides the tier, exports and erases them", async () => {
      const member = await shopifySignup()

      // found by email (any case, part of it), with the account id the member page opens
      for (const q of ["siiri.shopify", "SIIRI.SHOPIFY@EXAMPLE.COM"]) {
        const found = await http.get(`/admin/loyalty/accounts?q=${encodeURIComponent(q)}`, admin)
        expect(found.data.count).toBe(1)
        expect(found.data.accounts[0]).toEqual(
          expect.objectContaining({
            id: member.id,
            customer_id: null,
            customer: null,
            points_balance: 0,
            identities: [{ provider: "shopify", external_id: SIIRI.id, email: SIIRI.email }],
          })
        )
      }
      // LIKE wildcards stay plain text here too
      expect((await http.get(`/admin/loyalty/accounts?q=${encodeURIComponent("siiri%example")}`, admin)).data.count).toBe(0)

      const page = await http.get(`/admin/loyalty/members/${member.id}`, admin)
      expect(page.data.account).toEqual(
        expect.objectContaining({
          id: member.id,
          customer_id: null,
          customer: null,
          status: "active",
          points_balance: 0,
          tier: expect.objectContaining({ name: "Bronze" }),
          tier_override: null,
          identities: [expect.objectContaining({ provider: "shopify", external_id: SIIRI.id, email: SIIRI.email })],
        })
      )

      // adjusted: exact balances, a retry with the same key never adjusts twice
      const added = await http.post(
        `/admin/loyalty/members/${member.id}/adjustments`,
        { points: 250, reason: "Goodwill", idempotency_key: "siiri-1" },
        admin
      )
      expect(added.status).toBe(201)
      expect(added.data.entry).toEqual(expect.objectContaining({ points: 250, reason: "adjustment", note: "Goodwill", actor_type: "user", balance_after: 250 }))
      expect(added.data.account).toEqual(expect.objectContaining({ id: member.id, customer_id: null, points_balance: 250 }))
      const replay = await http.post(
        `/admin/loyalty/members/${member.id}/adjustments`,
        { points: 250, reason: "Goodwill", idempotency_key: "siiri-1" },
        admin
      )
      expect(replay.status).toBe(200)
      expect(replay.data.entry.id).toBe(added.data.entry.id)
      const taken = await http.post(`/admin/loyalty/members/${member.id}/adjustments`, { points: -100, reason: "Duplicate" }, admin)
      expect(taken.data.account.points_balance).toBe(150)
      const tooMuch = await failing(http.post(`/admin/loyalty/members/${member.id}/adjustments`, { points: -151, reason: "Too much" }, admin))
      expect(tooMuch.status).toBe(409)
      expect((await loyalty.retrieveMember({ account_id: member.id }))!.points_balance).toBe(150)

      const entries = await http.get(`/admin/loyalty/members/${member.id}/entries?limit=1`, admin)
      expect(entries.data.count).toBe(2)
      expect(entries.data.entries.map((e: any) => [e.points, e.balance_after])).toEqual([[-100, 150]])
      const second = await http.get(`/admin/loyalty/members/${member.id}/entries?limit=1&offset=1`, admin)
      expect(second.data.entries.map((e: any) => [e.points, e.balance_after])).toEqual([[250, 250]])

      // a tier override on the member, and its end
      const [gold] = await loyalty.listLoyaltyTiers({ name: "Gold" })
      const until = new Date(Date.now() + 30 * 86_400_000).toISOString()
      const set = await http.post(`/admin/loyalty/members/${member.id}/tier`, { tier_id: gold.id, reason: "Press", until }, admin)
      expect(set.data.override).toEqual(expect.objectContaining({ tier_id: gold.id, reason: "Press" }))
      expect(new Date(set.data.override.until).toISOString()).toBe(until)
      expect(set.data.account.tier).toEqual(expect.objectContaining({ name: "Gold" }))
      expect(set.data.change).toEqual(expect.objectContaining({ account_id: member.id, customer_id: null, to: gold.id, reason: "override" }))
      const shown = await http.get(`/admin/loyalty/members/${member.id}`, admin)
      expect(shown.data.account.tier_override).toEqual(expect.objectContaining({ tier_id: gold.id, reason: "Press" }))
      expect((await loyalty.retrieveMember({ account_id: member.id }))!.tier_id).toBe(gold.id)
      const ended = await http.delete(`/admin/loyalty/members/${member.id}/tier`, admin)
      expect(ended.data.override).toBeNull()
      expect(ended.data.account.tier).toEqual(expect.objectContaining({ name: "Bronze" }))
      expect((await http.get(`/admin/loyalty/members/${member.id}`, admin)).data.account.tier_override).toBeNull()

      // exported as a download
      const exported = await http.get(`/admin/loyalty/members/${member.id}/export`, admin)
      expect(exported.headers["content-disposition"]).toBe(`attachment; filename="loyalty-data-${member.id}.json"`)
      expect(exported.data).toEqual(
        expect.objectContaining({
          customer_id: null,
          account: expect.objectContaining({ id: member.id, points_balance: 150 }),
          identities: [expect.objectContaining({ provider: "shopify", external_id: SIIRI.id, email: SIIRI.email })],
          reviews: [],
        })
      )
      expect(exported.data.entries.map((e: any) => e.points).sort((a: number, b: number) => a - b)).toEqual([-100, 250])

      // erased: the email is gone from every kapy_* table, the ledger stays as it was
      const before = await ledgerTotals()
      expect(await kapyRowsContaining(SIIRI.email)).toEqual(["kapy_account_identity"])
      expect(await shopify.listShopifyWebhookDeliveries({ customer_id: SIIRI.id })).toHaveLength(1)
      const erased = await http.post(`/admin/loyalty/members/${member.id}/erase`, {}, admin)
      expect(erased.data.erasure).toEqual(
        expect.objectContaining({
          account_ids: [member.id],
          customer_ids: [],
          shopify_customer_ids: [SIIRI.id],
          anonymised_account_ids: [member.id],
        })
      )
      expect(await kapyRowsContaining(SIIRI.email)).toEqual([])
      // what the adapter kept of the Shopify customer goes too, as on customers/redact
      expect(await shopify.listShopifyWebhookDeliveries({ customer_id: SIIRI.id })).toHaveLength(0)
      expect(await ledgerTotals()).toEqual(before)
      expect((await loyalty.reconcile()).drifts).toEqual([])
      expect((await http.get(`/admin/loyalty/accounts?q=siiri`, admin)).data.count).toBe(0)
      const anonymous = await http.get(`/admin/loyalty/members/${member.id}`, admin)
      expect(anonymous.data.account).toEqual(expect.objectContaining({ points_balance: 150, identities: [] }))
      // again: nothing more to do
      expect((await http.post(`/admin/loyalty/members/${member.id}/erase`, {}, admin)).status).toBe(200)
      expect(await ledgerTotals()).toEqual(before)
    })

    it("shows a member who is a Medusa customer with their customer, by account id as by customer id", async () => {
      const key = await createPublishableKey(getContainer())
      const aino = await registerCustomer(api, key, "aino.members@example.com")
      await http.post(`/admin/loyalty/accounts/${aino.id}/adjustments`, { points: 40, reason: "Welcome" }, admin)
      const byCustomer = await http.get(`/admin/loyalty/accounts/${aino.id}`, admin)
      const accountId = byCustomer.data.account.id
      const found = await http.get(`/admin/loyalty/accounts?q=aino.members`, admin)
      expect(found.data.accounts.map((a: any) => [a.id, a.customer_id])).toEqual([[accountId, aino.id]])

      const byAccount = await http.get(`/admin/loyalty/members/${accountId}`, admin)
      expect(byAccount.data.account).toEqual(
        expect.objectContaining({
          id: accountId,
          customer_id: aino.id,
          points_balance: 40,
          customer: expect.objectContaining({ id: aino.id, email: "aino.members@example.com" }),
        })
      )
      // one member, one history: a write by account shows by customer
      await http.post(`/admin/loyalty/members/${accountId}/adjustments`, { points: 2, reason: "Rounding" }, admin)
      expect((await http.get(`/admin/loyalty/accounts/${aino.id}`, admin)).data.account.points_balance).toBe(42)
      expect((await http.get(`/admin/loyalty/members/${accountId}/entries`, admin)).data.count).toBe(2)
    })

    it("answers 401 without an admin (no token, a shopper's token) and writes nothing", async () => {
      const member = await shopifySignup()
      const key = await createPublishableKey(getContainer())
      const shopper = await registerCustomer(api, key, "shopper.members@example.com")
      const requests = (headers?: Headers) => [
        () => http.get(`/admin/loyalty/members/${member.id}`, headers),
        () => http.get(`/admin/loyalty/members/${member.id}/entries`, headers),
        () => http.post(`/admin/loyalty/members/${member.id}/adjustments`, { points: 10, reason: "x" }, headers),
        () => http.post(`/admin/loyalty/members/${member.id}/tier`, { tier_id: "ktier_x", reason: "x" }, headers),
        () => http.delete(`/admin/loyalty/members/${member.id}/tier`, headers),
        () => http.get(`/admin/loyalty/members/${member.id}/export`, headers),
        () => http.post(`/admin/loyalty/members/${member.id}/erase`, {}, headers),
        () => http.get(`/admin/loyalty/accounts?q=siiri`, headers),
      ]
      for (const headers of [undefined, shopper.headers]) {
        for (const request of requests(headers)) {
          const refused = await failing(request())
          expect(refused.status).toBe(401)
        }
      }
      expect(await loyalty.listLoyaltyEntries({ account_id: member.id })).toHaveLength(0)
      expect(await loyalty.listMemberIdentities(member.id)).toHaveLength(1)
    })

    it("answers 404 with { type, message } for an unknown account id, and 400 for an invalid body", async () => {
      const member = await shopifySignup()
      const unknown = "kacc_01UNKNOWNUNKNOWNUNKNOWN00"
      const [gold] = await loyalty.listLoyaltyTiers({ name: "Gold" })
      for (const request of [
        () => http.get(`/admin/loyalty/members/${unknown}`, admin),
        () => http.get(`/admin/loyalty/members/${unknown}/entries`, admin),
        () => http.post(`/admin/loyalty/members/${unknown}/adjustments`, { points: 10, reason: "x" }, admin),
        () => http.post(`/admin/loyalty/members/${unknown}/tier`, { tier_id: gold.id, reason: "x" }, admin),
        () => http.delete(`/admin/loyalty/members/${unknown}/tier`, admin),
        () => http.get(`/admin/loyalty/members/${unknown}/export`, admin),
        () => http.post(`/admin/loyalty/members/${unknown}/erase`, {}, admin),
      ]) {
        const missing = await failing(request())
        expect(missing.status).toBe(404)
        expect(missing.data).toEqual({ type: "not_found", message: expect.stringContaining(unknown) })
      }
      for (const body of [{ points: 0, reason: "x" }, { points: 1.5, reason: "x" }, { points: 10 }, { points: 10, reason: "x", extra: 1 }]) {
        const invalid = await failing(http.post(`/admin/loyalty/members/${member.id}/adjustments`, body, admin))
        expect([JSON.stringify(body), invalid.status, invalid.data.type]).toEqual([JSON.stringify(body), 400, "invalid_data"])
      }
      expect(await loyalty.listLoyaltyEntries({})).toHaveLength(0)
      expect(await loyalty.listLoyaltyAccounts({})).toHaveLength(1)
    })
  },
})
