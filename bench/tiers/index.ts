/**
 * bench/tiers: re-evaluating the tier of every account, at module level
 * (service calls, no HTTP), on one fresh database with Kapy's loyalty
 * module loaded and KAPY_BENCH_ACCOUNTS accounts (default 100 000) seeded
 * in bulk by SQL, each with 1-3 recorded orders spread over 15 months
 * (so some accounts stand at each tier and some orders have left the
 * rolling window):
 *
 * - subject: the walk of `npm run kapy -- tiers:evaluate` — pages of
 *   KAPY_BENCH_BATCH accounts (500) by `evaluateTierPage` (one transaction
 *   per page: lock the page, one totals read, one write) — accounts per
 *   second, first (every account gets its first tier) and again (nothing
 *   changes);
 * - the downgrade job's query: `evaluateDueTiers` 40 days later, when the
 *   orders of the last months have left the window — due accounts found
 *   and evaluated per second;
 * - baseline: the one-account path every qualifying event takes
 *   (`evaluateMemberTier`), for KAPY_BENCH_SINGLES accounts (2000).
 *
 * Peak memory is the process's resident set size, sampled after every page:
 * it must stay flat (pages, not the table, in memory), so the report gives
 * it after the first page, at the middle and at the end, with the V8 heap
 * in use; run with NODE_OPTIONS=--expose-gc to sample it after a full
 * collection every 20 pages (what the process holds, without the
 * collector's slack).
 *
 *   npm run bench -- tiers
 *   npx ts-node --swc bench/tiers/index.ts     (DB_HOST… must point at a server)
 *
 * Settings (env): KAPY_BENCH_ACCOUNTS (100000), KAPY_BENCH_BATCH (500),
 * KAPY_BENCH_SINGLES (2000).
 */
import os from "os"
import path from "path"
import { envInt, now, secondsSince, benchProgress } from "../lib/measure"
import { withBenchModules } from "../lib/modules"
import { recordFigures } from "../lib/figures"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"

const ROOT = path.resolve(__dirname, "..", "..")
const ACCOUNTS = envInt("KAPY_BENCH_ACCOUNTS", 100_000)
const BATCH = envInt("KAPY_BENCH_BATCH", 500)
const SINGLES = envInt("KAPY_BENCH_SINGLES", 2000)
const LOAD_AT_START = os.loadavg().map((l) => l.toFixed(2)).join(" ")
const DAY = 86_400_000

const progress = benchProgress("tiers")

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

async function main() {
  await withBenchModules(
    { database: "kapy_bench_tiers", modules: { [KAPY_LOYALTY_MODULE]: path.join(ROOT, "src", "modules", "loyalty") }, poolMax: 10, cwd: ROOT, loadAtStart: LOAD_AT_START, say: progress },
    async (app) => {
      const loyalty = app.modules[KAPY_LOYALTY_MODULE] as LoyaltyModuleService
      await loyalty.retrieveProgramSettings() // the program and the default tiers
      const t0 = new Date()

      // bulk seed: accounts, then 1-3 orders each over the last 15 months (spend 20-620 EUR per order)
      const seedStarted = now()
      await app.knex.raw(
        `INSERT INTO kapy_account (id, status, referral_code)
         SELECT 'kacc_bench_' || lpad(g::text, 7, '0'), 'active', 'B' || lpad(g::text, 7, '0')
           FROM generate_series(1, ?) g`,
        [ACCOUNTS]
      )
      await app.knex.raw(
        `INSERT INTO kapy_tier_qualification
           (id, account_id, kind, source_type, source_id, idempotency_key, spend, raw_spend, amount, raw_amount,
            currency_code, orders, occurred_at)
         SELECT 'ktq_bench_' || a || '_' || o, 'kacc_bench_' || lpad(a::text, 7, '0'), 'placed', 'order',
                'order_' || a || '_' || o, 'bench:' || a || ':' || o,
                s, jsonb_build_object('value', s::text, 'precision', 20), s, jsonb_build_object('value', s::text, 'precision', 20),
                'eur', 1, ?::timestamptz - make_interval(days => ((a * 7 + o * 131) % 450))
           FROM generate_series(1, ?) a
           CROSS JOIN LATERAL generate_series(1, 1 + a % 3) o
           CROSS JOIN LATERAL (SELECT (20 + ((a * 37 + o * 101) % 600))::numeric AS s) spend`,
        [t0, ACCOUNTS]
      )
      await app.knex.raw("ANALYZE kapy_account; ANALYZE kapy_tier_qualification")
      const [{ count: qualifications }] = await app.knex("kapy_tier_qualification").count({ count: "*" })
      progress(`seeded ${ACCOUNTS} accounts and ${qualifications} orders in ${secondsSince(seedStarted).toFixed(1)} s`)

      const walk = async (label: string, at: Date) => {
        const rss: number[] = []
        const heap: number[] = []
        let after: string | null = null
        let evaluated = 0
        let changed = 0
        const t = now()
        for (;;) {
          const page = await loyalty.evaluateTierPage({ after_id: after, limit: BATCH, now: at })
          evaluated += page.evaluated
          changed += page.results.filter((r) => r.change).length
          // with --expose-gc, every 20th page is sampled after a full collection: what stays, not the collector's slack
          const gc = (globalThis as any).gc as (() => void) | undefined
          if (gc && heap.length % 20 === 0) {
            gc()
          }
          const memory = process.memoryUsage()
          rss.push(memory.rss)
          heap.push(memory.heapUsed)
          if (!page.last_id) {
            break
          }
          after = page.last_id
        }
        const seconds = secondsSince(t)
        progress(`${label}: ${evaluated} accounts, ${changed} changed, ${(evaluated / seconds).toFixed(0)}/s, peak RSS ${mb(Math.max(...rss))}`)
        return { evaluated, changed, perSecond: evaluated / seconds, rss, heap }
      }

      const first = await walk("first walk (every account gets its tier)", t0)
      if (first.evaluated !== ACCOUNTS || first.changed !== ACCOUNTS) {
        throw new Error(`the first walk evaluated ${first.evaluated} and changed ${first.changed} of ${ACCOUNTS}`)
      }
      const again = await walk("again (nothing changes)", new Date(t0.getTime() + 1000))
      if (again.changed !== 0) {
        throw new Error(`a second walk at the same standing changed ${again.changed} accounts`)
      }

      // the downgrade job 40 days on: orders of days 325-365 have left the window since the walk
      const later = new Date(t0.getTime() + 40 * DAY)
      const dueStarted = now()
      let due = 0
      let dueChanged = 0
      let dueAfter: string | null = null
      for (;;) {
        const batch = await loyalty.evaluateDueTiers({ now: later, limit: BATCH, after_id: dueAfter })
        due += batch.evaluated
        dueChanged += batch.changes.length
        if (!batch.last_id) {
          break
        }
        dueAfter = batch.last_id
      }
      const dueSeconds = secondsSince(dueStarted)
      progress(`due evaluation 40 days on: ${due} due accounts (of ${ACCOUNTS}) in ${dueSeconds.toFixed(2)} s, ${(due / dueSeconds).toFixed(0)}/s, ${dueChanged} changed`)

      // baseline: one account at a time, as after each order
      const singleStarted = now()
      for (let i = 1; i <= SINGLES; i++) {
        await loyalty.evaluateMemberTier({ account_id: `kacc_bench_${String(i).padStart(7, "0")}` }, { now: later })
      }
      const singlePerSecond = SINGLES / secondsSince(singleStarted)
      progress(`one account at a time (evaluateMemberTier): ${singlePerSecond.toFixed(0)}/s`)

      const [{ count: bronze }] = await app.knex("kapy_account as a").join("kapy_tier as t", "t.id", "a.tier_id").where("t.rank", 0).count({ count: "*" })
      const [{ count: gold }] = await app.knex("kapy_account as a").join("kapy_tier as t", "t.id", "a.tier_id").where("t.rank", 2).count({ count: "*" })
      const mid = (xs: number[]) => xs[Math.floor(xs.length / 2)]
      console.log("")
      console.log(
        `bench/tiers — ${ACCOUNTS} accounts, ${qualifications} orders, pages of ${BATCH}, ${os.cpus().length} cores, load at start ${LOAD_AT_START}`
      )
      console.log(`  first walk (every account changes)  ${first.perSecond.toFixed(0)} accounts/s`)
      console.log(`  walk again (nothing changes)        ${again.perSecond.toFixed(0)} accounts/s`)
      console.log(`  due job 40 days on                  ${due} due, ${(due / dueSeconds).toFixed(0)} accounts/s, ${dueChanged} changed`)
      console.log(`  one account at a time (baseline)    ${singlePerSecond.toFixed(0)} accounts/s`)
      console.log(`  ratio walk / one at a time          ${(first.perSecond / singlePerSecond).toFixed(1)}`)
      console.log(
        `  RSS first walk: after page 1 ${mb(first.rss[0])}, middle ${mb(mid(first.rss))}, end ${mb(first.rss[first.rss.length - 1])}, peak ${mb(Math.max(...first.rss))}`
      )
      const collected = (xs: number[]) => xs.filter((_, i) => i % 20 === 0)
      const heapLine = (xs: number[]) =>
        (globalThis as any).gc
          ? `after full collections ${collected(xs).map(mb).join(" → ")}`
          : `after page 1 ${mb(xs[0])}, middle ${mb(mid(xs))}, end ${mb(xs[xs.length - 1])}`
      console.log(`  heap used, first walk: ${heapLine(first.heap)}`)
      console.log(`  heap used, second walk: ${heapLine(again.heap)}; peak RSS ${mb(Math.max(...again.rss))}`)
      console.log(`  tiers held after the walk: Bronze ${bronze}, Gold ${gold}, Silver ${ACCOUNTS - Number(bronze) - Number(gold)}`)
      // the heap a walk holds: after full collections (--expose-gc) it is what stays alive; without, it includes the collector's slack
      const held = (xs: number[]) => collected(xs)
      const growth = (xs: number[]) => held(xs)[held(xs).length - 1] - held(xs)[0]
      const heapMeasured = (globalThis as any).gc
        ? `${mb(held(first.heap)[0])} → ${mb(held(first.heap)[held(first.heap).length - 1])} after full collections`
        : `${mb(first.heap[0])} → ${mb(first.heap[first.heap.length - 1])} (no --expose-gc: slack included)`
      recordFigures("tiers", [
        { figure: `tier walk, ${ACCOUNTS} accounts, first (every tier set)`, goal: "≥ 20 000 accounts/s", measured: `${first.perSecond.toFixed(0)}/s`, met: first.perSecond >= 20_000 },
        { figure: "tier walk again (nothing changes)", goal: "≥ 20 000 accounts/s", measured: `${again.perSecond.toFixed(0)}/s`, met: again.perSecond >= 20_000 },
        {
          figure: "heap held through the first walk",
          goal: "flat (< 10 MB growth)",
          measured: heapMeasured,
          met: (globalThis as any).gc ? growth(first.heap) < 10 * 1024 * 1024 : undefined,
        },
      ])
    }
  )
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
