import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { LEDGER_REASONS } from "../../src/types/loyalty"
import { createAdmin, Headers } from "../helpers"
import { runScheduledJob } from "../jobs"

jest.setTimeout(600_000)

const DAY = 86_400_000
const MINUTE = 60_000
const SEED = Number(process.env.KAPY_TEST_SEED ?? Date.now() % 1_000_000)

/** A small seeded generator (mulberry32), so a failing run can be repeated with KAPY_TEST_SEED. */
function generator(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1))
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]
  return { next, int, pick }
}

type Entry = { created_at: Date; reason: string; points: number; lifetime_delta: number; redeemed_delta: number; channel: string | null; currency: string }

const CHANNELS = ["sc_rollup_web", "sc_rollup_outlet", "sc_rollup_pos"]
const ACCOUNTS = 20

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let admin: Headers
    let knex: any
    const rand = generator(SEED)
    let sequence = 0

    beforeEach(async () => {
      const container = getContainer()
      knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      admin = (await createAdmin(api, container)).headers
      await knex.raw(
        `INSERT INTO kapy_account (id, status, referral_code)
         SELECT 'kacc_ru' || g, 'active', 'RU' || lpad(g::text, 6, '0') FROM generate_series(1, ?::int) g`,
        [ACCOUNTS]
      )
      // Medusa's carts and orders that entries naming no channel are placed by
      await knex.raw(
        `INSERT INTO cart (id, currency_code, sales_channel_id)
         SELECT 'cart_ru' || g, (ARRAY['eur','usd'])[1 + g % 2], (ARRAY['sc_rollup_web','sc_rollup_outlet','sc_rollup_pos'])[1 + g % 3]
           FROM generate_series(0, 29) g`
      )
      await knex.raw(
        `INSERT INTO "order" (id, currency_code, sales_channel_id)
         SELECT 'order_ru' || g, (ARRAY['eur','usd'])[1 + g % 2], (ARRAY['sc_rollup_web','sc_rollup_outlet','sc_rollup_pos'])[1 + g % 3]
           FROM generate_series(0, 29) g`
      )
    })

    /**
     * `count` random entries: every reason (merge and expiry included), a
     * channel named or left to the entry's cart or order (or none), a
     * currency named (any case), left to the cart or order, or none;
     * `created_at` at a random millisecond `days` back from now, or the
     * database's now() when `days` is null.
     */
    async function insertEntries(count: number, days: [number, number] | null) {
      const rows = Array.from({ length: count }, () => {
        const reason = rand.pick(LEDGER_REASONS)
        const points = rand.int(-500, 500)
        const source = rand.pick(["cart", "order", null, null] as const)
        const named = rand.next() < 0.5
        sequence++
        return {
          id: `kent_ru${String(sequence).padStart(8, "0")}`,
          account_id: `kacc_ru${rand.int(1, ACCOUNTS)}`,
          reason,
          points,
          available_delta: points,
          pending_delta: 0,
          lifetime_delta: rand.int(-200, 600),
          redeemed_delta: rand.int(-100, 400),
          balance_after: 0,
          pending_after: 0,
          idempotency_key: `rollup-test:${sequence}`,
          idempotency_scope: `rollup-test:${sequence}`,
          source_type: source,
          source_id: source ? `${source}_ru${rand.int(0, 29)}` : null,
          actor_type: "system",
          sales_channel_id: named ? rand.pick(CHANNELS) : null,
          currency_code: rand.next() < 0.4 ? rand.pick(["eur", "USD", "sek"]) : null,
          ...(days ? { created_at: new Date(Date.now() - (days[0] + rand.next() * (days[1] - days[0])) * DAY) } : {}),
        }
      })
      for (let i = 0; i < rows.length; i += 500) {
        await knex("kapy_ledger_entry").insert(rows.slice(i, i + 500))
      }
    }

    /** The ledger itself: every entry with the channel and currency it belongs to, read without the rollup. */
    async function ledger(): Promise<Entry[]> {
      const { rows } = await knex.raw(
        `SELECT e.created_at, e.reason, e.points, e.lifetime_delta, e.redeemed_delta,
                COALESCE(e.sales_channel_id, o.sales_channel_id, c.sales_channel_id) AS channel,
                LOWER(COALESCE(e.currency_code, o.currency_code, c.currency_code, 'eur')) AS currency
           FROM kapy_ledger_entry e
           LEFT JOIN "order" o ON e.sales_channel_id IS NULL AND e.source_type = 'order' AND o.id = e.source_id
           LEFT JOIN cart c ON e.sales_channel_id IS NULL AND e.source_type = 'cart' AND c.id = e.source_id
          WHERE e.reason <> 'merge'`
      )
      return rows
    }

    const isoDay = (d: Date) => d.toISOString().slice(0, 10)
    /** Monday of the UTC week. */
    const isoWeek = (d: Date) => isoDay(new Date(Math.floor(d.getTime() / DAY) * DAY - ((d.getUTCDay() + 6) % 7) * DAY))
    const issuedOf = (e: Entry) => (e.reason === "expiry" || e.reason === "forfeit" ? 0 : e.lifetime_delta)

    /** What the summary and overview must answer for a range, summed here in JS from the ledger's entries. */
    function expected(entries: Entry[], from: Date, to: Date, channel: string | null, interval: "day" | "week") {
      const inRange = entries.filter((e) => e.created_at >= from && e.created_at < to)
      const groups = new Map<string, { month: string; sales_channel_id: string | null; currency_code: string; issued: number; redeemed: number; entries: number }>()
      for (const e of inRange) {
        if (channel && e.channel !== channel) continue
        const month = e.created_at.toISOString().slice(0, 7)
        const key = `${month}|${e.channel}|${e.currency}`
        const g = groups.get(key) ?? { month, sales_channel_id: e.channel, currency_code: e.currency, issued: 0, redeemed: 0, entries: 0 }
        g.issued += issuedOf(e)
        g.redeemed += e.redeemed_delta
        g.entries += 1
        groups.set(key, g)
      }
      const summary = [...groups.values()].sort(
        (a, b) =>
          a.month.localeCompare(b.month) ||
          (a.sales_channel_id === b.sales_channel_id ? 0 : a.sales_channel_id === null ? 1 : b.sales_channel_id === null ? -1 : a.sales_channel_id < b.sales_channel_id ? -1 : 1) ||
          (a.currency_code < b.currency_code ? -1 : a.currency_code > b.currency_code ? 1 : 0)
      )
      const bucket = interval === "day" ? isoDay : isoWeek
      const series = new Map<string, { issued: number; redeemed: number }>()
      for (let t = new Date(bucket(from) + "T00:00:00Z"); t < to; t = new Date(t.getTime() + (interval === "day" ? DAY : 7 * DAY))) {
        series.set(isoDay(t), { issued: 0, redeemed: 0 })
      }
      for (const e of inRange) {
        const p = series.get(bucket(e.created_at))!
        p.issued += issuedOf(e)
        p.redeemed += e.redeemed_delta
      }
      return {
        summary,
        totals: {
          issued: inRange.reduce((s, e) => s + issuedOf(e), 0),
          redeemed: inRange.reduce((s, e) => s + e.redeemed_delta, 0),
          expired: inRange.filter((e) => e.reason === "expiry").reduce((s, e) => s - e.points, 0),
        },
        series: [...series.entries()].map(([period, v]) => ({ period, ...v })),
      }
    }

    /** A random range over the data: day-aligned or to the millisecond, ending in the past, today or the future. */
    function randomRange(span: number) {
      const at = (d: number) => new Date(Date.now() - d * DAY)
      let from = at(rand.next() * span)
      let to = rand.next() < 0.2 ? new Date(Date.now() + rand.next() * DAY) : at(rand.next() * span)
      if (to < from) [from, to] = [to, from]
      if (rand.next() < 0.4) {
        from = new Date(isoDay(from) + "T00:00:00Z")
        to = new Date(new Date(isoDay(to) + "T00:00:00Z").getTime() + DAY)
      }
      if (rand.next() < 0.1) {
        // inside one day
        to = new Date(from.getTime() + rand.next() * DAY)
      }
      if (to.getTime() <= from.getTime()) to = new Date(from.getTime() + 1)
      return { from, to }
    }

    /**
     * For `ranges` random ranges, the summary (all channels or one) and the
     * overview (days or weeks) answer what the ledger sums to. Returns how
     * many ranges needed the live part: entries the rollup alone does not hold.
     */
    async function reportsEqualLedger(ranges: number, span: number) {
      const entries = await ledger()
      const watermark = (await knex.raw(`SELECT rolled_until FROM kapy_report_watermark`)).rows[0]?.rolled_until ?? null
      const late = new Set<string>((await knex.raw(`SELECT DISTINCT day::text AS day FROM kapy_report_late_day`)).rows.map((r: any) => r.day))
      let needingLive = 0
      for (let i = 0; i < ranges; i++) {
        const { from, to } = randomRange(span)
        const channel = rand.next() < 0.3 ? rand.pick([...CHANNELS, "sc_rollup_none"]) : null
        const interval = rand.next() < 0.5 ? "day" : "week"
        const want = expected(entries, from, to, channel, interval)
        const query = `from=${from.toISOString()}&to=${to.toISOString()}`
        const summary = (await api.get(`/admin/loyalty/reports/summary?${query}${channel ? `&sales_channel_id=${channel}` : ""}`, admin)).data
        const overview = (await api.get(`/admin/loyalty/reports/overview?${query}&interval=${interval}`, admin)).data.overview
        const context = { seed: SEED, from, to, channel, interval }
        expect({ context, rows: summary.summary.map(({ month, sales_channel_id, currency_code, issued, redeemed, entries }: any) => ({ month, sales_channel_id, currency_code, issued, redeemed, entries })) }).toEqual({ context, rows: want.summary })
        expect({ context, totals: { issued: overview.issued, redeemed: overview.redeemed, expired: overview.expired } }).toEqual({ context, totals: want.totals })
        expect({ context, series: overview.series }).toEqual({ context, series: want.series })
        // the live part: entries of partial days, of late days and from the watermark on
        const wholeFrom = Math.ceil(from.getTime() / DAY) * DAY
        const rolledTo = Math.min(Math.floor(to.getTime() / DAY) * DAY, watermark ? watermark.getTime() : -Infinity)
        const live = entries.filter(
          (e) => e.created_at >= from && e.created_at < to && (e.created_at.getTime() < wholeFrom || e.created_at.getTime() >= rolledTo || late.has(isoDay(e.created_at)))
        )
        if (live.length && rolledTo > wholeFrom) needingLive++
      }
      return needingLive
    }

    const rollupRows = async () =>
      (await knex.raw(`SELECT * FROM kapy_report_day ORDER BY day, sales_channel_id NULLS LAST, currency_code NULLS LAST, reason`)).rows

    it("answers the ledger's sums for any range: rollup before the watermark, live after it, late entries included, a repeated run changes nothing", async () => {
      const SPAN = 60
      await insertEntries(2500, [0, SPAN])
      await insertEntries(40, null)

      // nothing rolled yet: every report is a live read
      await reportsEqualLedger(10, SPAN)

      // the rollup up to the middle of the data
      const middle = new Date(Date.now() - 30 * DAY)
      const first = await runScheduledJob<any>(getContainer(), "kapy-roll-up-loyalty-reports", middle)
      expect(first.rolled).toBe(true)
      expect(new Date(first.rolled_until).getTime()).toBe(middle.getTime() - 10 * MINUTE)
      expect(first.rows).toBeGreaterThan(0)
      const rolled = (await knex.raw(`SELECT SUM(entries)::int AS n FROM kapy_report_day`)).rows[0].n
      const below = (await knex.raw(`SELECT COUNT(*)::int AS n FROM kapy_ledger_entry WHERE reason <> 'merge' AND created_at < ?`, [first.rolled_until])).rows[0].n
      expect(rolled).toBe(below)
      expect(await reportsEqualLedger(40, SPAN)).toBeGreaterThan(5)

      // more entries: late ones into rolled days (their days are marked and read live), and new ones
      await insertEntries(300, [31, SPAN])
      await insertEntries(300, [0, SPAN])
      await insertEntries(20, null)
      const marked = (await knex.raw(`SELECT COUNT(DISTINCT day)::int AS n FROM kapy_report_late_day WHERE day < ?::date`, [isoDay(middle)])).rows[0].n
      expect(marked).toBeGreaterThan(0)
      expect(await reportsEqualLedger(40, SPAN)).toBeGreaterThan(5)

      // the job again, up to now: late days rolled again, the watermark 10 minutes back from now
      const now = new Date()
      const second = await runScheduledJob<any>(getContainer(), "kapy-roll-up-loyalty-reports", now)
      expect(second.rolled).toBe(true)
      expect(second.late_days.length).toBeGreaterThanOrEqual(marked)
      expect(new Date(second.rolled_until).getTime()).toBe(now.getTime() - 10 * MINUTE)
      expect((await knex.raw(`SELECT COUNT(*)::int AS n FROM kapy_report_late_day`)).rows[0].n).toBe(0)
      const rolledNow = (await knex.raw(`SELECT SUM(entries)::int AS n FROM kapy_report_day`)).rows[0].n
      const belowNow = (await knex.raw(`SELECT COUNT(*)::int AS n FROM kapy_ledger_entry WHERE reason <> 'merge' AND created_at < ?`, [second.rolled_until])).rows[0].n
      expect(rolledNow).toBe(belowNow)
      await reportsEqualLedger(40, SPAN)

      // the same run again changes nothing
      const before = await rollupRows()
      const third = await runScheduledJob<any>(getContainer(), "kapy-roll-up-loyalty-reports", now)
      expect(third).toMatchObject({ rolled: true, rolled_until: second.rolled_until, late_days: [] })
      expect(await rollupRows()).toEqual(before)
      await reportsEqualLedger(20, SPAN)
    })
  },
})
