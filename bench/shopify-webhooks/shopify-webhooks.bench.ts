import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import os from "os"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { checkWebhookRequest } from "../../src/modules/shopify/webhook-intake"
import { runScheduledJob } from "../../integration-tests/jobs"
import { API_SECRET, postWebhook, useShopifyStandIn, webhookHeaders } from "../../integration-tests/shopify/harness"
import { CountedLine, countedOrderPayload, countedRefundPayload } from "../../integration-tests/shopify/payloads-orders"
import { recordFigures } from "../lib/figures"

/**
 * bench/shopify-webhooks: signed webhooks through the booted app — the
 * intake (HMAC over the raw body, one inbox insert, 200) and the batched
 * earner (`kapy-shopify-earn-inbox`, run as Medusa runs it, in this same
 * process as a shared-mode instance would) — in one run:
 *
 * 1. intake alone: KAPY_BENCH_WEBHOOKS orders/paid, KAPY_BENCH_CONCURRENCY (50) at a time: answered/s, p50/p99;
 * 2. the earner alone on that inbox: orders earned/s;
 * 3. end to end: the same number posted while the earner runs: from the first post to the last order earned;
 * 4. the plain-pg ceiling: the same inbox rows inserted by bare SQL, 50 at a time;
 * 5. a mixed stream (partial and full refunds, cancels, 10 % copies, shuffled) checked exact per account, and reconcile.
 *
 *   npm run bench -- shopify-webhooks   (KAPY_BENCH_WEBHOOKS=2000 KAPY_BENCH_CONCURRENCY=50)
 */
const WEBHOOKS = Number(process.env.KAPY_BENCH_WEBHOOKS ?? 2000)
const CONCURRENCY = Number(process.env.KAPY_BENCH_CONCURRENCY ?? 50)
const SHOPPERS = 200

jest.setTimeout(60 * 60_000)

useShopifyStandIn()

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9

/**
 * Every SQL statement this process sends (both copies of node-postgres:
 * knex's and MikroORM's), counted by what it is about, for the statement
 * counts per batch.
 */
const statements = new Map<string, number>()
const KINDS: [string, RegExp][] = [
  ["begin/commit/savepoint", /^\s*(begin|commit|rollback|savepoint|release)/i],
  ["workflow engine", /workflow_execution/i],
  ["outbox", /kapy_shopify_outbox/i],
  ["inbox", /kapy_shopify_webhook\b/i],
  ["tiers", /kapy_tier|tier_evaluated_at|tier_id/i],
  ["refunds", /kapy_shopify_refund/i],
  ["ledger", /kapy_ledger|kapy_lot|kapy_point_lot|points_balance/i],
  ["members", /kapy_account|advisory/i],
]
for (const mod of ["pg", "@mikro-orm/postgresql/node_modules/pg"]) {
  let client: any
  try {
    client = require(require.resolve(mod, { paths: [process.cwd()] })).Client
  } catch {
    continue
  }
  const query = client.prototype.query
  client.prototype.query = function (config: any, ...rest: any[]) {
    const text = String(typeof config === "string" ? config : config?.text ?? "")
    const kind = KINDS.find(([, re]) => re.test(text))?.[0] ?? "other"
    statements.set(kind, (statements.get(kind) ?? 0) + 1)
    return query.call(this, config, ...rest)
  }
}
const countStatements = () => {
  const before = new Map(statements)
  return () => {
    const diff = new Map<string, number>()
    statements.forEach((n, kind) => n - (before.get(kind) ?? 0) > 0 && diff.set(kind, n - (before.get(kind) ?? 0)))
    return diff
  }
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    it("measures the intake, the batched earner and the two end to end", async () => {
      const container = getContainer()
      const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      const pg = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      let serial = 0
      const line = (n: number): CountedLine => ({ id: String(13400000000000000n + BigInt(n)), product_id: "8801234567890123453", price: "25.00", quantity: 4, tax: "16.67" })
      const customer = (n: number) => ({ id: String(7401234567890000000n + BigInt(n % SHOPPERS)), email: `shopper-${n % SHOPPERS}@bench.test`, verified_email: false })
      const orderId = (n: number) => String(5801234567890000000n + BigInt(n))
      const paid = (n = ++serial) => ({ topic: "orders/paid", body: countedOrderPayload({ id: orderId(n), customer: customer(n), lines: [line(n)] }) })

      async function post(deliveries: { topic: string; body: string; webhook_id?: string }[]) {
        const latencies: number[] = []
        let next = 0
        const started = process.hrtime.bigint()
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (next < deliveries.length) {
              const d = deliveries[next++]
              const sent = process.hrtime.bigint()
              const response = await postWebhook(api, d.topic, d.body, d.webhook_id ? { id: d.webhook_id } : {})
              if (response.status !== 200) {
                throw new Error(`webhook answered ${response.status}`)
              }
              latencies.push(Number(process.hrtime.bigint() - sent) / 1e6)
            }
          })
        )
        return { seconds: seconds(started), latencies }
      }
      const earnAll = async () => {
        const runs: any[] = []
        for (;;) {
          const run: any = await runScheduledJob(container, "kapy-shopify-earn-inbox")
          runs.push(run)
          if (!run.batches.length) return runs
        }
      }
      const earnedCount = async () => Number((await pg.raw(`select count(*) from kapy_ledger_entry where reason = 'order'`)).rows[0].count)

      const lines: string[] = []
      // warm-up: JIT, pools, the first members
      await post(Array.from({ length: 100 }, () => paid()))
      await earnAll()

      // 1. intake alone
      const bodies = Array.from({ length: WEBHOOKS }, () => paid())
      const cpuBefore = process.cpuUsage()
      const intake = await post(bodies)
      const cpu = process.cpuUsage(cpuBefore)
      const hmacStarted = process.hrtime.bigint()
      for (const b of bodies) {
        const headers = webhookHeaders(b.topic, b.body)
        if (!checkWebhookRequest(Buffer.from(b.body), (name) => headers[name], API_SECRET).valid) throw new Error("did not verify")
      }
      const hmacMs = seconds(hmacStarted) * 1000
      const cpuMs = (cpu.user + cpu.system) / 1000
      lines.push(
        `intake alone: ${WEBHOOKS} orders/paid, ${CONCURRENCY} at a time: ${(WEBHOOKS / intake.seconds).toFixed(0)} answered/s, ` +
          `p50 ${percentile(intake.latencies, 50).toFixed(1)} ms, p99 ${percentile(intake.latencies, 99).toFixed(1)} ms, max ${Math.max(...intake.latencies).toFixed(0)} ms; ` +
          `HMAC + header checks alone ${((hmacMs / WEBHOOKS) * 1000).toFixed(0)} µs each = ${((hmacMs / cpuMs) * 100).toFixed(2)} % of the process's CPU during the intake`
      )

      // 2. the earner alone on that inbox
      const before = await earnedCount()
      const earnStarted = process.hrtime.bigint()
      const counted = countStatements()
      const runs = await earnAll()
      const earnSeconds = seconds(earnStarted)
      const sent = counted()
      const earned = (await earnedCount()) - before
      const batches = runs.flatMap((r) => r.batches)
      const msIn = (part: "batches" | "outbox") => runs.reduce((s, r) => s + (r.ms?.[part] ?? 0), 0)
      const total = [...sent.values()].reduce((a, b) => a + b, 0)
      lines.push(
        `earner alone: ${earned} orders earned in ${earnSeconds.toFixed(2)} s = ${(earned / earnSeconds).toFixed(0)} orders/s ` +
          `(${batches.length} batches of ≤ 200, outbox rows done ${runs.reduce((s, r) => s + r.outbox, 0)}; ` +
          `batches ${(msIn("batches") / 1000).toFixed(2)} s, outbox ${(msIn("outbox") / 1000).toFixed(2)} s: ` +
          Object.entries(
            runs.reduce<Record<string, number>>((acc, r) => {
              Object.entries(r.ms?.outbox_by_kind ?? {}).forEach(([k, ms]) => (acc[k] = (acc[k] ?? 0) + (ms as number)))
              return acc
            }, {})
          )
            .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(2)} s`)
            .join(", ") +
          ")",
        `earner alone, SQL statements: ${total} = ${(total / Math.max(1, batches.length)).toFixed(0)} per batch of 200 ` +
          `(${[...sent].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${(n / Math.max(1, batches.length)).toFixed(0)}`).join(", ")} per batch)`
      )

      // 3. end to end: posting while the earner runs, until the last order has earned
      const stream = Array.from({ length: WEBHOOKS }, () => paid())
      const target = (await earnedCount()) + WEBHOOKS
      const e2eStarted = process.hrtime.bigint()
      let posting = true
      const worker = (async () => {
        while (posting || (await earnedCount()) < target) {
          const run: any = await runScheduledJob(container, "kapy-shopify-earn-inbox")
          if (!run.batches.length) await new Promise((r) => setTimeout(r, 50))
        }
      })()
      const e2e = await post(stream)
      posting = false
      await worker
      const e2eSeconds = seconds(e2eStarted)
      lines.push(
        `end to end: ${WEBHOOKS} orders/paid posted ${CONCURRENCY} at a time while the earner runs: ${(WEBHOOKS / e2eSeconds).toFixed(0)} orders earned/s ` +
          `(first post to last earned ${e2eSeconds.toFixed(2)} s); answers meanwhile ${(WEBHOOKS / e2e.seconds).toFixed(0)}/s, ` +
          `p50 ${percentile(e2e.latencies, 50).toFixed(1)} ms, p99 ${percentile(e2e.latencies, 99).toFixed(1)} ms`
      )

      // 4. the plain-pg ceiling: the inbox's insert alone, 50 at a time, no HTTP, no Medusa
      const rows = stream.map((d, i) => ({ id: `kswh_bench_${i}`, webhook_id: `bench-ceiling-${i}`, body: d.body }))
      let k = 0
      const pgStarted = process.hrtime.bigint()
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (k < rows.length) {
            const r = rows[k++]
            await pg.raw(
              `insert into kapy_shopify_webhook (id, webhook_id, topic, shop_domain, status, payload) values (?, ?, 'bench/ceiling', 'bench', 'skipped', ?::jsonb) on conflict do nothing`,
              [r.id, r.webhook_id, r.body]
            )
          }
        })
      )
      const pgSeconds = seconds(pgStarted)
      lines.push(`plain-pg ceiling: the same ${rows.length} inbox rows inserted by bare SQL, ${CONCURRENCY} at a time: ${(rows.length / pgSeconds).toFixed(0)} inserts/s`)

      // 5. a mixed stream, exact at the end: each order 100 EUR = 100 cones; refunds of 1 and 3 of 4 units; cancels; 10 % copies
      // what each order's reversals must come to, as a share of what it earned (its tier may multiply the 100)
      const fates = new Map<string, "none" | "quarter" | "all" | "cancelled">()
      const mixed: { topic: string; body: string; webhook_id?: string }[] = []
      for (let i = 0; i < 1000; i++) {
        const n = ++serial
        const d = paid(n)
        let net = 100
        mixed.push(d)
        if (i % 5 === 1) {
          mixed.push({ topic: "refunds/create", body: countedRefundPayload({ id: String(9101234560000000000n + BigInt(n * 10 + 1)), order_id: orderId(n), items: [{ line: line(n), quantity: 1 }] }) })
          net -= 25
        }
        if (i % 5 === 2) {
          mixed.push({ topic: "refunds/create", body: countedRefundPayload({ id: String(9101234560000000000n + BigInt(n * 10 + 2)), order_id: orderId(n), items: [{ line: line(n), quantity: 4 }] }) })
          net = 0
        }
        if (i % 10 === 3) {
          mixed.push({ topic: "orders/cancelled", body: JSON.stringify({ id: 1, admin_graphql_api_id: `gid://shopify/Order/${orderId(n)}`, cancelled_at: "2026-11-28T10:00:00Z" }) })
          net = 0
        }
        fates.set(orderId(n), i % 10 === 3 ? "cancelled" : net === 100 ? "none" : net === 75 ? "quarter" : "all")
      }
      const copies = mixed.filter((_, i) => i % 10 === 0).map((d) => ({ ...d }))
      const all = [...mixed, ...copies]
      let seed = 23
      for (let i = all.length - 1; i > 0; i--) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31
        const j = seed % (i + 1)
        ;[all[i], all[j]] = [all[j], all[i]]
      }
      const mixStarted = process.hrtime.bigint()
      await post(all)
      await earnAll()
      const mixSeconds = seconds(mixStarted)
      // exact per order: earned once, reversed by the refund rule (a quarter, rounded down) or all
      let wrong = 0
      const { rows: sums } = await pg.raw(
        `select source_id, sum(points) filter (where reason = 'order')::int as earned, count(*) filter (where reason = 'order')::int as earns,
                coalesce(sum(points) filter (where reason = 'reversal'), 0)::int as reversed
           from kapy_ledger_entry where source_id = any(?) group by source_id`,
        [[...fates.keys()]]
      )
      for (const row of sums) {
        const fate = fates.get(row.source_id)!
        const target = fate === "none" ? 0 : fate === "quarter" ? Math.floor(row.earned / 4) : row.earned
        if (row.earns !== 1 || -row.reversed !== target) wrong++
      }
      // no entry at all: only an order whose cancellation reached the inbox before its orders/paid (it earns nothing)
      const { rows: early } = await pg.raw(
        `select c.order_key from kapy_shopify_webhook c join kapy_shopify_webhook p on p.order_key = c.order_key and p.topic = 'orders/paid'
          where c.topic = 'orders/cancelled' and c.order_key = any(?) group by c.order_key
         having min(c.created_at) < min(p.created_at) or (min(c.created_at) = min(p.created_at) and min(c.id) < min(p.id))`,
        [[...fates.keys()]]
      )
      const cancelledFirst = new Set(early.map((r: any) => r.order_key))
      const seen = new Set(sums.map((r: any) => r.source_id))
      wrong += [...fates].filter(([id]) => !seen.has(id) && !cancelledFirst.has(id)).length
      const drifts = (await loyalty.reconcile()).drifts
      lines.push(
        `mixed stream: ${all.length} deliveries (1000 orders, partial and full refunds, cancels, ${copies.length} copies, shuffled) in ${mixSeconds.toFixed(2)} s: ` +
          `${fates.size - wrong}/${fates.size} orders exact (earned once, reversed as the refund rule says), reconcile drifts ${drifts.length} over every account`
      )
      lines.push(`machine: ${os.cpus().length} CPUs, load at end ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, node ${process.version}`)
      process.stdout.write(`\n[bench shopify-webhooks]\n${lines.join("\n")}\n\n`)
      expect(wrong).toBe(0)
      expect(drifts).toEqual([])
      const endToEnd = WEBHOOKS / e2eSeconds
      const intakeP99 = percentile(intake.latencies, 99)
      const hmacShare = hmacMs / cpuMs
      recordFigures("shopify-webhooks", [
        { figure: `Shopify orders/paid earned per second end to end (${WEBHOOKS}, ${CONCURRENCY} at a time)`, goal: "≥ 667/s", measured: `${endToEnd.toFixed(0)}/s`, met: endToEnd >= 667 },
        { figure: "Shopify webhook answer p99 (intake alone)", goal: "< 250 ms", measured: `${intakeP99.toFixed(0)} ms`, met: intakeP99 < 250 },
        { figure: "HMAC share of the intake's CPU", goal: "< 5 %", measured: `${(hmacShare * 100).toFixed(1)} %`, met: hmacShare < 0.05 },
      ])
    })
  },
})
