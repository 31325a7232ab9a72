import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import { ReportReads } from "../../src/modules/loyalty/reads/report-reads"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { writeEntriesCsv } from "../../src/api/admin/loyalty/reports/csv"
import { completeCart, createCart, seedShop, Shop } from "../fixtures/shop"
import { afterSubscribers, createAdmin, failing, Headers, registerCustomer } from "../helpers"

jest.setTimeout(240_000)

const DAY = 86_400_000
const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10)

/** CSV text into rows of fields (the report quotes nothing these tests write). */
const csvRows = (text: string) =>
  text
    .split("\r\n")
    .filter(Boolean)
    .map((line) => line.split(","))

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: Shop
    let loyalty: LoyaltyModuleService
    let admin: Headers

    beforeEach(async () => {
      const container = getContainer()
      loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      // balances here are exactly what each test gives
      await loyalty.updateProgramSettings({ earning: { signup_points: 0 } })
      shop = await seedShop(container)
      admin = (await createAdmin(api, container)).headers
    })

    const adjust = (customerId: string, points: number) =>
      api.post(`/admin/loyalty/accounts/${customerId}/adjustments`, { points, reason: "report test" }, admin)

    /**
     * Two members: Aino orders in the web shop (earning pending cones) and
     * pays 300 cones of a second order; Eero gets a 500-cone adjustment
     * (no sales channel). Returns what the ledger says through the API.
     */
    async function shopActivity() {
      const aino = await registerCustomer(api, shop.publishableKey, "aino@example.com")
      const eero = await registerCustomer(api, shop.publishableKey, "eero@example.com")
      await adjust(aino.id, 1000)
      await adjust(eero.id, 500)
      // the order's cones are earned by the order.placed subscriber
      const placed = (cartId: string) => afterSubscribers(getContainer(), "order.placed", () => completeCart(api, cartId, aino.headers))
      const first = await placed(await createCart(api, shop, aino.headers, [{ variant: "oat-drink", quantity: 1 }]))
      const cartId = await createCart(api, shop, aino.headers, [{ variant: "coffee", quantity: 2 }])
      await api.post(`/store/carts/${cartId}/loyalty-points`, { points: 300 }, aino.headers)
      const second = await placed(cartId)
      expect([first.type, second.type]).toEqual(["order", "order"])
      const entries = async (customerId: string) =>
        (await api.get(`/admin/loyalty/accounts/${customerId}?limit=200`, admin)).data.entries as any[]
      return { aino, eero, ainoEntries: await entries(aino.id), eeroEntries: await entries(eero.id), orders: [first.order, second.order] }
    }

    describe("GET /admin/loyalty/reports/summary", () => {
      it("answers issued and redeemed cones and their value per sales channel and month, equal to the members' entries", async () => {
        const { ainoEntries, eeroEntries } = await shopActivity()
        const all = [...ainoEntries, ...eeroEntries]
        const orderIssued = ainoEntries.filter((e) => e.reason === "order").reduce((s, e) => s + e.lifetime_delta, 0)
        expect(orderIssued).toBeGreaterThan(0)

        const { data } = await api.get(`/admin/loyalty/reports/summary?from=${day(-1)}&to=${day(1)}`, admin)
        const month = new Date().toISOString().slice(0, 7)
        expect(data.summary).toEqual([
          {
            month,
            sales_channel_id: shop.salesChannelId,
            sales_channel_name: expect.any(String),
            currency_code: "eur",
            issued: orderIssued,
            redeemed: 300,
            issued_value: (orderIssued / 100).toFixed(2),
            redeemed_value: "3.00",
            entries: 3, // two orders' earnings and one payment with cones
          },
          {
            month,
            sales_channel_id: null,
            sales_channel_name: null,
            currency_code: "eur",
            issued: 1500,
            redeemed: 0,
            issued_value: "15.00",
            redeemed_value: "0.00",
            entries: 2,
          },
        ])
        expect(data.totals).toEqual({
          issued: all.reduce((s, e) => s + e.lifetime_delta, 0),
          redeemed: all.reduce((s, e) => s + e.redeemed_delta, 0),
          entries: all.length,
        })

        const web = await api.get(
          `/admin/loyalty/reports/summary?from=${day(-1)}&to=${day(1)}&sales_channel_id=${shop.salesChannelId}`,
          admin
        )
        expect(web.data.summary.map((r: any) => r.sales_channel_id)).toEqual([shop.salesChannelId])

        const earlier = await api.get(`/admin/loyalty/reports/summary?from=${day(-40)}&to=${day(-10)}`, admin)
        expect(earlier.data.summary).toEqual([])
      })

      it("counts points given back with a refund against the order's sales channel", async () => {
        const { orders } = await shopActivity()
        await loyalty.updateProgramSettings({ redemption: { refund_policy: "manual" } })
        await api.post(`/admin/loyalty/orders/${orders[1].id}/returned-points`, { points: 100 }, admin)

        const { data } = await api.get(`/admin/loyalty/reports/summary?from=${day(-1)}&to=${day(1)}`, admin)
        const web = data.summary.find((r: any) => r.sales_channel_id === shop.salesChannelId)
        expect(web).toEqual(expect.objectContaining({ redeemed: 200, redeemed_value: "2.00", entries: 4 }))

        const order = await api.get(`/admin/loyalty/orders/${orders[1].id}`, admin)
        expect(order.data.loyalty).toEqual(
          expect.objectContaining({
            refund_policy: "manual",
            redeemed: expect.objectContaining({ points: 300, returned: 100 }),
            earned: expect.objectContaining({ reversed: 0, released: null, pending_until: expect.any(String) }),
          })
        )
        expect(order.data.loyalty.entries.map((e: any) => e.reason).sort()).toEqual(["order", "redemption", "reversal"])
      })

      it("streams the same rows as CSV, and every entry behind them with rows=entries", async () => {
        await shopActivity()
        const range = `from=${day(-1)}&to=${day(1)}`
        const { data } = await api.get(`/admin/loyalty/reports/summary?${range}`, admin)

        const csv = await api.get(`/admin/loyalty/reports/summary?${range}&format=csv`, admin)
        expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
        expect(csv.headers["content-disposition"]).toMatch(/attachment; filename="kapy-summary-/)
        const [header, ...rows] = csvRows(csv.data)
        expect(header).toEqual([
          "month",
          "sales_channel_id",
          "sales_channel_name",
          "currency_code",
          "issued",
          "redeemed",
          "issued_value",
          "redeemed_value",
          "entries",
        ])
        expect(rows).toEqual(data.summary.map((r: any) => header.map((c) => (r[c] === null ? "" : String(r[c])))))

        const entries = await api.get(`/admin/loyalty/reports/summary?${range}&format=csv&rows=entries`, admin)
        const [entryHeader, ...entryRows] = csvRows(entries.data)
        expect(entryRows).toHaveLength(data.totals.entries)
        const column = (name: string) => entryHeader.indexOf(name)
        expect(entryRows.reduce((s, r) => s + Number(r[column("issued")]), 0)).toBe(data.totals.issued)
        expect(entryRows.reduce((s, r) => s + Number(r[column("redeemed")]), 0)).toBe(data.totals.redeemed)

        // the same file read two entries a page: keyset pages add up to the route's answer, none twice or lost
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        let paged = ""
        const written = await writeEntriesCsv(
          knex,
          new ReportReads(),
          { from: new Date(day(-1)), to: new Date(day(1)), sales_channel_id: null, default_currency: "eur" },
          async (chunk) => {
            paged += chunk
          },
          2
        )
        expect(written).toBe(data.totals.entries)
        expect(paged).toBe(entries.data)
      })

      it("refuses a range that ends before it starts, naming the field, and non-admins", async () => {
        const bad = await failing(api.get(`/admin/loyalty/reports/summary?from=${day(1)}&to=${day(-1)}`, admin))
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/to must be after from/)
        const format = await failing(api.get(`/admin/loyalty/reports/summary?format=xlsx`, admin))
        expect(format.status).toBe(400)
        expect(format.data.message).toMatch(/format/)
        const anonymous = await failing(api.get(`/admin/loyalty/reports/summary`))
        expect(anonymous.status).toBe(401)
      })
    })

    describe("GET /admin/loyalty/reports/overview", () => {
      it("answers members, issued, redeemed, outstanding and its money value, tiers and a series per day", async () => {
        const { ainoEntries, eeroEntries } = await shopActivity()
        const all = [...ainoEntries, ...eeroEntries]
        const accounts = await Promise.all(
          ["aino@example.com", "eero@example.com"].map(async (email) => {
            const [customer] = await getContainer().resolve(Modules.CUSTOMER).listCustomers({ email })
            return (await api.get(`/admin/loyalty/accounts/${customer.id}`, admin)).data.account
          })
        )
        const outstanding = accounts.reduce((s, a) => s + a.points_balance + a.points_pending, 0)

        const { data } = await api.get(`/admin/loyalty/reports/overview?from=${day(-6)}&to=${day(1)}&interval=day`, admin)
        const o = data.overview
        expect(o).toEqual(
          expect.objectContaining({
            members: 2,
            issued: all.reduce((s, e) => s + e.lifetime_delta, 0),
            redeemed: 300,
            expired: 0,
            outstanding,
            liability: [{ currency_code: "eur", amount: (outstanding / 100).toFixed(2) }],
          })
        )
        expect(o.redemption_rate).toBeCloseTo(300 / o.issued, 4)
        expect(o.series).toHaveLength(7)
        expect(o.series[6]).toEqual({ period: day(0), issued: o.issued, redeemed: 300 })
        expect(o.series.slice(0, 6).every((p: any) => p.issued === 0 && p.redeemed === 0)).toBe(true)
        expect(o.tiers.reduce((s: number, t: any) => s + t.members, 0)).toBe(2)

        const weeks = await api.get(`/admin/loyalty/reports/overview?from=${day(-60)}&to=${day(1)}&interval=week`, admin)
        expect(weeks.data.overview.series.reduce((s: number, p: any) => s + p.issued, 0)).toBe(o.issued)

        const tooMany = await failing(api.get(`/admin/loyalty/reports/overview?from=${day(-1000)}&to=${day(1)}&interval=day`, admin))
        expect(tooMany.status).toBe(400)
        expect(tooMany.data.message).toMatch(/week or a shorter range/)
      })
    })
  },
})
