import { medusaIntegrationTestRunner, TestEventUtils } from "@medusajs/test-utils"
import os from "os"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { KAPY_SHOPIFY_MODULE } from "../../src/modules/shopify"
import type ShopifyModuleService from "../../src/modules/shopify/service"
import { SHOPIFY_WEBHOOK_RECEIVED } from "../../src/workflows/shopify"
import { postWebhook, useShopifyStandIn, webhookHeaders } from "../../integration-tests/shopify/harness"
import { orderPayload } from "../../integration-tests/shopify/payloads"

/**
 * bench/shopify-webhooks: signed `orders/paid` webhooks end to end through
 * the booted app — HTTP, HMAC verification by @shopify/shopify-api over the
 * raw body, the delivery stored once, the subscriber's earning workflow —
 * timed from the first request until the last delivery is processed.
 * Reports webhooks per second, the time spent verifying HMACs (summed over
 * every call, against the run's wall time: one Node process does all the
 * work), and the answer times when KAPY_BENCH_CONCURRENCY deliveries (50)
 * arrive at once, against Shopify's 5 s limit.
 *
 *   npm run bench -- shopify-webhooks   (KAPY_BENCH_WEBHOOKS=400 KAPY_BENCH_CONCURRENCY=50 KAPY_BENCH_ROUNDS=2)
 */
const WEBHOOKS = Number(process.env.KAPY_BENCH_WEBHOOKS ?? 400)
const CONCURRENCY = Number(process.env.KAPY_BENCH_CONCURRENCY ?? 50)
const ROUNDS = Number(process.env.KAPY_BENCH_ROUNDS ?? 2)

jest.setTimeout(30 * 60_000)

useShopifyStandIn()

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    it("measures signed orders/paid webhooks end to end", async () => {
      const container = getContainer()
      const shopify = container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
      const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      const eventBus = container.resolve("event_bus")

      // time every HMAC check the route makes, through the library's own validate
      const webhooks = shopify.api().webhooks
      const validate = webhooks.validate.bind(webhooks)
      let verifyNs = 0n
      let verifyCalls = 0
      ;(webhooks as any).validate = async (...args: any[]) => {
        const started = process.hrtime.bigint()
        try {
          return await (validate as any)(...args)
        } finally {
          verifyNs += process.hrtime.bigint() - started
          verifyCalls++
        }
      }

      let serial = 0
      const body = () => {
        const n = ++serial
        return orderPayload({
          id: String(5801234567890000000n + BigInt(n)),
          customer: { id: String(7401234567890000000n + BigInt(n % 50)), email: `shopper-${n % 50}@bench.test` },
          lines: [
            { id: String(n * 10 + 1), product_id: "8801234567890123453", price: "49.90", quantity: 1, tax: "10.12" },
            { id: String(n * 10 + 2), product_id: "8801234567890123454", price: "12.00", quantity: 2, discount: "2.00", tax: "4.47" },
          ],
        })
      }

      async function run(count: number, concurrency: number) {
        const bodies = Array.from({ length: count }, body)
        const latencies: number[] = []
        verifyNs = 0n
        verifyCalls = 0
        const processed = TestEventUtils.waitSubscribersExecution(SHOPIFY_WEBHOOK_RECEIVED, eventBus, { triggerCount: count, timeout: 600_000 })
        const cpuBefore = process.cpuUsage()
        const started = process.hrtime.bigint()
        let next = 0
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < bodies.length) {
              const mine = bodies[next++]
              const sent = process.hrtime.bigint()
              const response = await postWebhook(api, "orders/paid", mine)
              if (response.status !== 200) {
                throw new Error(`webhook answered ${response.status}`)
              }
              latencies.push(Number(process.hrtime.bigint() - sent) / 1e6)
            }
          })
        )
        const answered = Number(process.hrtime.bigint() - started) / 1e9
        await processed
        const seconds = Number(process.hrtime.bigint() - started) / 1e9
        const cpu = process.cpuUsage(cpuBefore)
        return { count, seconds, answered, latencies, bodies, cpuMs: (cpu.user + cpu.system) / 1000, verifyMs: Number(verifyNs) / 1e6, verifyCalls }
      }

      /** What verifying these bodies costs on its own: the library's validate, one after another, nothing else running. */
      async function verifyAlone(bodies: string[]) {
        const requests = bodies.map((b) => ({ body: b, request: { method: "POST", url: "/shopify/webhooks", headers: webhookHeaders("orders/paid", b) } }))
        const started = process.hrtime.bigint()
        for (const { body, request } of requests) {
          const check = await validate({ rawBody: body, rawRequest: request as any, rawResponse: {} as any })
          if (!check.valid) {
            throw new Error("a bench webhook did not verify")
          }
        }
        return Number(process.hrtime.bigint() - started) / 1e6
      }

      const lines: string[] = []
      await run(50, 10) // warm-up: JIT, pools, first members
      for (let round = 1; round <= ROUNDS; round++) {
        const r = await run(WEBHOOKS, CONCURRENCY)
        const aloneMs = await verifyAlone(r.bodies)
        lines.push(
          `round ${round}: ${r.count} webhooks, ${CONCURRENCY} at a time: ${(r.count / r.seconds).toFixed(1)} webhooks/s end to end ` +
            `(${(r.count / r.answered).toFixed(1)}/s answered); HMAC verification ${r.verifyMs.toFixed(1)} ms over ${r.verifyCalls} calls ` +
            `awaited inside the route (${((r.verifyMs / r.verifyCalls) * 1000).toFixed(0)} µs each, queueing behind other work included); ` +
            `verifying the same ${r.count} bodies alone takes ${aloneMs.toFixed(1)} ms (${((aloneMs / r.count) * 1000).toFixed(0)} µs each) = ` +
            `${((aloneMs / r.cpuMs) * 100).toFixed(2)} % of the app process's CPU time (${r.cpuMs.toFixed(0)} ms) and ${((aloneMs / (r.seconds * 1000)) * 100).toFixed(2)} % of the wall time; ` +
            `answer p50 ${percentile(r.latencies, 50).toFixed(0)} ms, p95 ${percentile(r.latencies, 95).toFixed(0)} ms, max ${Math.max(...r.latencies).toFixed(0)} ms`
        )
        const burst = await run(CONCURRENCY, CONCURRENCY)
        lines.push(
          `round ${round}: burst of ${CONCURRENCY} deliveries at once: every answer within ${Math.max(...burst.latencies).toFixed(0)} ms ` +
            `(p50 ${percentile(burst.latencies, 50).toFixed(0)} ms), all processed ${burst.seconds.toFixed(2)} s after the first was sent`
        )
      }
      const orders = await loyalty.listLoyaltyEntries({ reason: "order" }, { select: ["id"] })
      lines.push(`earning entries: ${orders.length} for ${serial} distinct orders (each exactly once)`)
      lines.push(`machine: ${os.cpus().length} CPUs, load at end ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}, node ${process.version}`)
      process.stdout.write(`\n[bench shopify-webhooks]\n${lines.join("\n")}\n\n`)
      expect(orders).toHaveLength(serial)
    })
  },
})
