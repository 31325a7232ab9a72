/**
 * bench/reports: the admin's reports over a large ledger, at module level
 * (Kapy's loyalty module loaded, no HTTP), on one fresh database:
 *
 * - the summary report (GET /admin/loyalty/reports/summary: issued and
 *   redeemed cones per month, sales channel and currency over twelve
 *   months) and the overview's numbers and day series, timed over
 *   KAPY_BENCH_SMALL entries (10 000) and then, in the same run, over
 *   KAPY_BENCH_ENTRIES (1 000 000): the ratio says how the time grows with
 *   the ledger (one aggregate pass in PostgreSQL; no entry reaches Node);
 * - the CSV export of every entry (`format=csv&rows=entries`): the route's
 *   own writer (`writeEntriesCsv`, keyset pages of 5 000 by id) into a sink
 *   that consumes like a socket (backpressure), with the process's peak
 *   resident set size and heap sampled after every page, and the heap that
 *   stays alive after a full collection every 20 pages — flat when pages,
 *   not the ledger, are in memory — at both sizes.
 *
 * Before the timed reads at each size the rollup job's roll runs (as the
 * scheduled job does, up to now less the late margin): the reports read the
 * rollup's days plus the ledger live for the last minutes, as in a shop
 * where the job runs. The seed's entries are written with old
 * `created_at`s, so they are late entries: the trigger marks their days and
 * the run rolls those again (timed: "rollup run").
 *
 * Entries are seeded in bulk by SQL: order earnings naming their sales
 * channel (3 channels), payments with cones naming a cart and points given
 * back naming an order (both placed in a channel through Medusa's cart and
 * order rows, stand-in tables here with the columns the report reads), and
 * adjustments with no channel, spread over the last twelve months.
 *
 *   npm run bench -- reports
 *   npx ts-node --swc bench/reports/index.ts     (DB_HOST… must point at a server)
 *
 * Settings (env): KAPY_BENCH_ENTRIES (1000000), KAPY_BENCH_SMALL (10000),
 * KAPY_BENCH_REPEAT (5 timed runs per query; the median is reported).
 */
import os from "os"
import path from "path"
import v8 from "v8"
import vm from "vm"
import { Writable } from "stream"
import { describeServer } from "../lib/database"
import { envInt, now, secondsSince, benchProgress } from "../lib/measure"
import { withBenchModules } from "../lib/modules"
import { recordFigures } from "../lib/figures"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import { ReportReads } from "../../src/modules/loyalty/reads/report-reads"
import { ReportRollup } from "../../src/modules/loyalty/reports/report-rollup"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { writeEntriesCsv } from "../../src/api/admin/loyalty/reports/csv"

const ROOT = path.resolve(__dirname, "..", "..")
const LARGE = envInt("KAPY_BENCH_ENTRIES", 1_000_000)
const SMALL = envInt("KAPY_BENCH_SMALL", 10_000)
const REPEAT = envInt("KAPY_BENCH_REPEAT", 5)
const ACCOUNTS = 10_000
const LOAD_AT_START = os.loadavg().map((l) => l.toFixed(2)).join(" ")
const DAY = 86_400_000

const progress = benchProgress("reports")
// a full collection on demand, to measure what the export keeps alive (not what the GC has yet to free)
v8.setFlagsFromString("--expose_gc")
const collect = vm.runInNewContext("gc") as () => void

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** Medusa's order, cart and sales channel tables, reduced to what the report joins on. */
const STAND_INS = `
  CREATE TABLE IF NOT EXISTS sales_channel (id text PRIMARY KEY, name text NOT NULL);
  CREATE TABLE IF NOT EXISTS "order" (id text PRIMARY KEY, sales_channel_id text, currency_code text);
  CREATE TABLE IF NOT EXISTS cart (id text PRIMARY KEY, sales_channel_id text, currency_code text);
  INSERT INTO sales_channel VALUES ('sc_web', 'Web shop'), ('sc_outlet', 'Outlet Helsinki'), ('sc_reseller', 'Reseller Turku');`

/**
 * Entries `first`..`last`: by g % 10, 0-5 an order's earning in one of the
 * three channels, 6-7 a payment with cones naming a cart, 8 cones given back
 * naming an order, 9 an adjustment (no channel). Carts and orders are made
 * for the entries that name them.
 */
async function seed(knex: any, first: number, last: number, t0: Date) {
  await knex.raw(
    `INSERT INTO cart (id, sales_channel_id, currency_code)
     SELECT 'cart_b' || g, (ARRAY['sc_web','sc_outlet','sc_reseller'])[1 + g % 3], 'eur'
       FROM generate_series(?::int, ?::int) g WHERE g % 10 IN (6, 7)`,
    [first, last]
  )
  await knex.raw(
    `INSERT INTO "order" (id, sales_channel_id, currency_code)
     SELECT 'order_b' || g, (ARRAY['sc_web','sc_outlet','sc_reseller'])[1 + g % 3], 'eur'
       FROM generate_series(?::int, ?::int) g WHERE g % 10 = 8`,
    [first, last]
  )
  await knex.raw(
    `INSERT INTO kapy_ledger_entry
       (id, account_id, reason, points, available_delta, pending_delta, lifetime_delta, redeemed_delta,
        balance_after, pending_after, idempotency_key, idempotency_scope, source_type, source_id,
        actor_type, sales_channel_id, currency_code, created_at, updated_at)
     SELECT 'kent_b' || lpad(g::text, 8, '0'),
            'kacc_b' || lpad((g % ${ACCOUNTS})::text, 5, '0'),
            k.reason, k.points, k.points, 0, k.lifetime, k.redeemed, 0, 0,
            'bench:' || g, 'bench:' || g, k.source_type, k.source_id, 'system', k.channel, k.currency,
            ?::timestamptz - make_interval(secs => ((g::bigint * 7919) % (365 * 86400))::double precision),
            ?::timestamptz
       FROM generate_series(?::int, ?::int) g
       CROSS JOIN LATERAL (
         SELECT CASE WHEN g % 10 <= 5 THEN 'order' WHEN g % 10 <= 7 THEN 'redemption' WHEN g % 10 = 8 THEN 'reversal' ELSE 'adjustment' END AS reason,
                CASE WHEN g % 10 <= 5 THEN 10 + g % 90 WHEN g % 10 <= 7 THEN -(100 + g % 400) WHEN g % 10 = 8 THEN 50 ELSE 25 END AS points,
                CASE WHEN g % 10 <= 5 THEN 10 + g % 90 WHEN g % 10 = 9 THEN 25 ELSE 0 END AS lifetime,
                CASE WHEN g % 10 IN (6, 7) THEN 100 + g % 400 WHEN g % 10 = 8 THEN -50 ELSE 0 END AS redeemed,
                CASE WHEN g % 10 <= 5 THEN 'order' WHEN g % 10 <= 7 THEN 'cart' WHEN g % 10 = 8 THEN 'order' ELSE NULL END AS source_type,
                CASE WHEN g % 10 <= 5 THEN 'order_e' || g WHEN g % 10 <= 7 THEN 'cart_b' || g WHEN g % 10 = 8 THEN 'order_b' || g ELSE NULL END AS source_id,
                CASE WHEN g % 10 <= 5 THEN (ARRAY['sc_web','sc_outlet','sc_reseller'])[1 + g % 3] ELSE NULL END AS channel,
                CASE WHEN g % 10 <= 5 THEN 'eur' ELSE NULL END AS currency
       ) k`,
    [t0, t0, first, last]
  )
  for (const table of ["kapy_ledger_entry", "cart", '"order"']) {
    await knex.raw(`ANALYZE ${table}`)
  }
}

/** A sink that takes chunks as a socket does: asynchronously, asking the writer to wait past its buffer. */
function socketLikeSink() {
  let bytes = 0
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk, _enc, done) {
      bytes += chunk.length
      setImmediate(done)
    },
  })
  const write = (chunk: string) =>
    new Promise<void>((resolve) => (sink.write(chunk) ? resolve() : sink.once("drain", resolve)))
  return { write, bytes: () => bytes }
}

async function main() {
  await withBenchModules(
    { database: "kapy_bench_reports", modules: { [KAPY_LOYALTY_MODULE]: path.join(ROOT, "src", "modules", "loyalty") }, poolMax: 4, cwd: ROOT, loadAtStart: LOAD_AT_START, say: progress },
    async (app) => {
      const loyalty = app.modules[KAPY_LOYALTY_MODULE] as LoyaltyModuleService
      const settings = await loyalty.retrieveProgramSettings()
      const knex = app.knex as any
      for (const statement of STAND_INS.split(";").map((x) => x.trim()).filter(Boolean)) {
        await knex.raw(statement)
      }
      await knex.raw(
        `INSERT INTO kapy_account (id, status, referral_code)
         SELECT 'kacc_b' || lpad(g::text, 5, '0'), 'active', 'R' || lpad(g::text, 7, '0') FROM generate_series(0, ?::int - 1) g`,
        [ACCOUNTS]
      )
      const reads = new ReportReads()
      const t0 = new Date()
      const range = { from: new Date(t0.getTime() - 366 * DAY), to: new Date(t0.getTime() + DAY) }
      const filter = { ...range, sales_channel_id: null, rates: settings.redemption.rates as Record<string, string>, default_currency: "eur" }

      const rollup = new ReportRollup()
      const measure = async (size: number) => {
        const rollStart = now()
        const rolled = await rollup.roll(knex)
        const rollSeconds = secondsSince(rollStart)
        if (!rolled.rolled) {
          throw new Error("the rollup run found ledger writes still open")
        }
        const liveEntries = Number(
          (await knex.raw(`SELECT COUNT(*) AS n FROM kapy_ledger_entry WHERE created_at >= ?`, [rolled.rolled_until])).rows[0].n
        )
        progress(`${size} entries: rollup run ${rollSeconds.toFixed(1)} s (${rolled.rows} rows, ${rolled.late_days.length} late days), ${liveEntries} entries after the watermark`)
        const summaryTimes: number[] = []
        let rows = 0
        let issued = 0
        for (let i = 0; i < REPEAT; i++) {
          const t = now()
          const summary = await reads.summary(knex, filter)
          summaryTimes.push(secondsSince(t) * 1000)
          rows = summary.length
          issued = summary.reduce((s, r) => s + r.entries, 0)
        }
        if (issued !== size) {
          throw new Error(`the summary counted ${issued} entries of ${size}`)
        }
        const overviewTimes: number[] = []
        for (let i = 0; i < REPEAT; i++) {
          const t = now()
          await Promise.all([reads.overviewTotals(knex, range), reads.series(knex, range, "day"), reads.tierDistribution(knex)])
          overviewTimes.push(secondsSince(t) * 1000)
        }
        collect()
        const rssBefore = process.memoryUsage().rss
        const samples: { rss: number; heap: number }[] = []
        const live: number[] = []
        const sink = socketLikeSink()
        const t = now()
        let chunks = 0
        const written = await writeEntriesCsv(knex, reads, filter, async (chunk) => {
          await sink.write(chunk)
          const m = process.memoryUsage()
          samples.push({ rss: m.rss, heap: m.heapUsed })
          // every 20th page: the heap that stays alive after a full collection
          if (++chunks % 20 === 2) {
            collect()
            live.push(process.memoryUsage().heapUsed)
          }
        })
        const exportSeconds = secondsSince(t)
        if (written !== size) {
          throw new Error(`the export wrote ${written} entries of ${size}`)
        }
        const result = {
          size,
          rows,
          rollSeconds,
          rollRows: rolled.rows,
          liveEntries,
          summaryMs: median(summaryTimes),
          overviewMs: median(overviewTimes),
          exportSeconds,
          exportMB: sink.bytes() / 1024 / 1024,
          rssBefore,
          peakRss: Math.max(...samples.map((s) => s.rss)),
          peakHeap: Math.max(...samples.map((s) => s.heap)),
          liveFirst: live[0],
          liveMax: Math.max(...live),
          liveLast: live[live.length - 1],
        }
        progress(
          `${size} entries: summary ${result.summaryMs.toFixed(1)} ms (${rows} rows), overview ${result.overviewMs.toFixed(1)} ms, ` +
            `CSV export ${written} rows / ${result.exportMB.toFixed(0)} MB in ${exportSeconds.toFixed(1)} s ` +
            `(${(written / exportSeconds).toFixed(0)} rows/s), RSS ${mb(rssBefore)} → peak ${mb(result.peakRss)} MB, peak heap ${mb(result.peakHeap)} MB, ` +
            `live heap after GC ${mb(result.liveFirst)} (first page) / ${mb(result.liveMax)} (max) / ${mb(result.liveLast)} (last) MB`
        )
        return result
      }

      let t = now()
      await seed(knex, 1, SMALL, t0)
      progress(`seeded ${SMALL} entries in ${secondsSince(t).toFixed(1)} s`)
      const small = await measure(SMALL)

      t = now()
      const CHUNK = 250_000
      for (let first = SMALL + 1; first <= LARGE; first += CHUNK) {
        await seed(knex, first, Math.min(LARGE, first + CHUNK - 1), t0)
      }
      progress(`seeded up to ${LARGE} entries in ${secondsSince(t).toFixed(1)} s`)
      const large = await measure(LARGE)

      const ratio = (a: number, b: number) => (a / b).toFixed(1)
      console.log(`
bench/reports — ${new Date().toISOString()}, PostgreSQL on ${describeServer()}, ${os.cpus().length} CPUs, load at start ${LOAD_AT_START}
median of ${REPEAT} runs per query; export through the route's writeEntriesCsv (pages of 5 000) into a socket-like sink

| entries | rollup run (s) | rollup rows | entries read live | summary (ms) | overview (ms) | CSV export (s) | export rows/s | RSS before export (MB) | peak RSS (MB) | peak heap (MB) | live heap after GC: first page / max / last (MB) |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${[small, large]
  .map(
    (r) =>
      `| ${r.size} | ${r.rollSeconds.toFixed(1)} | ${r.rollRows} | ${r.liveEntries} | ${r.summaryMs.toFixed(1)} | ${r.overviewMs.toFixed(1)} | ${r.exportSeconds.toFixed(1)} | ${(r.size / r.exportSeconds).toFixed(0)} | ${mb(r.rssBefore)} | ${mb(r.peakRss)} | ${mb(r.peakHeap)} | ${mb(r.liveFirst)} / ${mb(r.liveMax)} / ${mb(r.liveLast)} |`
  )
  .join("\n")}

${LARGE} vs ${SMALL} entries (${LARGE / SMALL}× the ledger): summary ${(large.summaryMs / small.summaryMs).toFixed(2)}× the time, overview ${ratio(large.overviewMs, small.overviewMs)}×; export live heap after GC ${mb(small.liveMax)} → ${mb(large.liveMax)} MB (max) for ${small.exportMB.toFixed(1)} → ${large.exportMB.toFixed(0)} MB of CSV.`)
      const summaryRatio = large.summaryMs / small.summaryMs
      recordFigures("reports", [
        {
          figure: `report summary over ${LARGE} entries ÷ over ${SMALL}`,
          goal: "≤ 1.5",
          measured: `${summaryRatio.toFixed(2)} (${large.summaryMs.toFixed(1)} vs ${small.summaryMs.toFixed(1)} ms)`,
          met: summaryRatio <= 1.5,
        },
        {
          figure: "CSV export heap held, large ÷ small",
          goal: "flat (≤ 1.2)",
          measured: `${mb(large.liveMax)} vs ${mb(small.liveMax)} MB`,
          met: large.liveMax / small.liveMax <= 1.2,
        },
      ])
    }
  )
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
