import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import os from "os"
import { createPublishableKey, registerCustomer } from "../../integration-tests/helpers"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { ratioText, recordFigures } from "../lib/figures"

/**
 * bench/member-read: the shopper's loyalty page read, `GET /store/loyalty/me`,
 * against Medusa's own `GET /store/customers/me`, through the booted app's
 * HTTP server: same server, same customer and bearer token, the same
 * number of concurrent clients (each a sequential loop), in alternating
 * rounds so that warm-up and drift fall on both sides. Reports requests/s,
 * p50/p95, their ratio, and the SQL statements one request sends (knex's
 * query events on the connection every module shares, counted over
 * sequential requests after the warm-up, as bench/earn counts them).
 *
 * The member has an account with a few ledger entries (a signup bonus and
 * orders' points), so the page shows a balance, a tier and progress.
 * `KAPY_BENCH_STAMP_CARD=1` adds an active stamp card (one more read per
 * page). At the end it checks that the page shows the member's balance.
 *
 *   npm run bench -- member-read   (KAPY_BENCH_REQUESTS=400 KAPY_BENCH_CLIENTS=10 KAPY_BENCH_ROUNDS=3 KAPY_BENCH_COUNT=20)
 */
const REQUESTS = Number(process.env.KAPY_BENCH_REQUESTS ?? 400)
const CLIENTS = Number(process.env.KAPY_BENCH_CLIENTS ?? 10)
const ROUNDS = Number(process.env.KAPY_BENCH_ROUNDS ?? 3)
const COUNT = Number(process.env.KAPY_BENCH_COUNT ?? 20)
const STAMP_CARD = process.env.KAPY_BENCH_STAMP_CARD === "1"

jest.setTimeout(30 * 60_000)

const ROUTES = { kapy: "/store/loyalty/me", medusa: "/store/customers/me" } as const
type Subject = keyof typeof ROUTES

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    it("measures GET /store/loyalty/me against GET /store/customers/me", async () => {
      const container = getContainer()
      const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const key = await createPublishableKey(container)
      const shopper = await registerCustomer(api, key, "member-read@bench.test")
      const account = await loyalty.ensureCustomerMember({ id: shopper.id, email: shopper.email })
      for (let i = 0; i < 5; i++) {
        await loyalty.earnPoints({
          account_id: account.id,
          points: 120,
          reason: "order",
          idempotency_key: `bench-member-read-${i}`,
          source_type: "order",
          source_id: `order_bench_${i}`,
          actor_type: "system",
        })
      }
      if (STAMP_CARD) {
        await loyalty.saveStampCard({ name: "Coffee card", stamps_needed: 8, reward: { type: "amount_off", amount: "5", currency_code: "eur" } })
      }
      const expected = (await loyalty.retrieveMember({ account_id: account.id }))!.points_balance

      const get = async (subject: Subject) => {
        const response = await api.get(ROUTES[subject], shopper.headers)
        if (response.status !== 200) {
          throw new Error(`${ROUTES[subject]} answered ${response.status}`)
        }
        return response.data
      }

      /** REQUESTS requests by CLIENTS sequential loops; requests/s and latencies. */
      const round = async (subject: Subject) => {
        const latencies: number[] = []
        let next = 0
        const started = process.hrtime.bigint()
        await Promise.all(
          Array.from({ length: CLIENTS }, async () => {
            while (next++ < REQUESTS) {
              const sent = process.hrtime.bigint()
              await get(subject)
              latencies.push(Number(process.hrtime.bigint() - sent) / 1e6)
            }
          })
        )
        return { seconds: Number(process.hrtime.bigint() - started) / 1e9, latencies }
      }

      /** Statements per request over COUNT sequential requests, and what they are. */
      const count = async (subject: Subject) => {
        const sent: string[] = []
        const listener = (q: { sql: string }) => sent.push(q.sql)
        knex.on("query", listener)
        try {
          for (let i = 0; i < COUNT; i++) {
            await get(subject)
          }
        } finally {
          knex.removeListener("query", listener)
        }
        const kinds = new Map<string, number>()
        for (const sql of sent) {
          const kind = sql.replace(/\s+/g, " ").trim().slice(0, 90)
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
        }
        return { perRequest: sent.length / COUNT, kinds }
      }

      // warm-up: JIT, pools, the program's cache
      await round("medusa")
      await round("kapy")
      const totals: Record<Subject, { seconds: number; latencies: number[] }> = {
        kapy: { seconds: 0, latencies: [] },
        medusa: { seconds: 0, latencies: [] },
      }
      const lines: string[] = []
      for (let r = 1; r <= ROUNDS; r++) {
        const order: Subject[] = r % 2 ? ["medusa", "kapy"] : ["kapy", "medusa"]
        const perRound: Partial<Record<Subject, number>> = {}
        for (const subject of order) {
          const { seconds, latencies } = await round(subject)
          totals[subject].seconds += seconds
          totals[subject].latencies.push(...latencies)
          perRound[subject] = REQUESTS / seconds
        }
        lines.push(
          `  round ${r}: kapy ${perRound.kapy!.toFixed(1)} req/s, medusa ${perRound.medusa!.toFixed(1)} req/s, ratio ${ratioText(perRound.kapy!, perRound.medusa!)}`
        )
      }
      const counts = { kapy: await count("kapy"), medusa: await count("medusa") }

      const page = await get("kapy")
      expect(page.account.points_balance).toBe(expected)
      expect(page.account.points_balance).toBeGreaterThan(0)

      const rate = (s: Subject) => (REQUESTS * ROUNDS) / totals[s].seconds
      const line = (s: Subject) =>
        `  ${ROUTES[s].padEnd(22)}: ${rate(s).toFixed(1)} req/s, p50 ${percentile(totals[s].latencies, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(totals[s].latencies, 95).toFixed(1)} ms, ${counts[s].perRequest.toFixed(1)} SQL statements/request`
      const ratio = rate("kapy") / rate("medusa")
      process.stdout.write(
        [
          "",
          `bench/member-read: ${REQUESTS} requests × ${ROUNDS} alternating rounds per route, ${CLIENTS} clients, one customer and token` +
            `${STAMP_CARD ? ", one active stamp card" : ""}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`,
          ...lines,
          line("kapy"),
          line("medusa"),
          `  ratio kapy/medusa requests/s: ${ratio.toFixed(2)} (goal ≥ 1.0)`,
          ...(["kapy", "medusa"] as Subject[]).flatMap((s) => [
            `  statements of ${ROUTES[s]} (per request):`,
            ...[...counts[s].kinds].map(([sql, n]) => `    ${(n / COUNT).toFixed(1)} × ${sql}`),
          ]),
          "",
        ].join("\n")
      )
      recordFigures("member-read", [
        {
          figure: "GET /store/loyalty/me ÷ GET /store/customers/me requests/s (10 clients)",
          goal: "≥ 1.0",
          measured: `${ratio.toFixed(2)}; ${counts.kapy.perRequest.toFixed(0)} vs ${counts.medusa.perRequest.toFixed(0)} SQL statements/request`,
          met: ratio >= 1,
        },
      ])
    })
  },
})
