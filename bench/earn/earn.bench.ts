import { completeCartWorkflow } from "@medusajs/core-flows"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import fs from "fs"
import path from "path"
import { seedShop } from "../../integration-tests/fixtures/shop"
import { subscribersDone } from "../../integration-tests/helpers"
import { prepareCarts } from "../support/carts"
import { recordFigures } from "../lib/figures"

/**
 * bench/earn: orders per second through Medusa's completeCartWorkflow with
 * Kapy's earn path and without it, in the same app and database, and the
 * SQL statements one order costs each way (knex's query events on the
 * shared connection every module uses, as bench/ledger counts them).
 *
 * "The earn path" is every Kapy subscriber that exists because an order
 * earns: the `order.placed` earn and, where it has been split off, the tier
 * qualification that follows it (`EARN_PATH` below; a subscriber file that
 * does not exist is left out, so the bench runs on older code too).
 * "Without" detaches them all; "earn alone" (when there is more than one)
 * attaches only the earn. Each block waits until every subscriber of the
 * events involved has finished with every order, so no block's work spills
 * into the next. Blocks alternate so that warm-up and drift fall on both
 * sides; carts are prepared outside the timed part.
 *
 * At the end it checks that every order of the "with" blocks holds exactly
 * one standing `order` entry: entries voided by a compensation do not count.
 *
 *   npm run bench -- earn   (KAPY_BENCH_ORDERS=40 KAPY_BENCH_ROUNDS=3 KAPY_BENCH_COUNT_ORDERS=10)
 */
const ORDERS = Number(process.env.KAPY_BENCH_ORDERS ?? 40)
const ROUNDS = Number(process.env.KAPY_BENCH_ROUNDS ?? 3)
const COUNT_ORDERS = Number(process.env.KAPY_BENCH_COUNT_ORDERS ?? 10)

/** The earn path's subscribers, earn first; each waited for on its own event. */
const EARN_PATH = ["order-placed-award-points", "loyalty-order-earned-qualify-tier"]
  .map((name) => path.join(__dirname, "../../src/subscribers", `${name}.ts`))
  .filter((file) => fs.existsSync(file))
  .map((file) => {
    const mod = require(file)
    return { name: path.basename(file, ".ts"), handler: mod.default, config: mod.config }
  })

jest.setTimeout(30 * 60_000)

type Mode = "without" | "earn" | "with"

medusaIntegrationTestRunner({
  testSuite: ({ getContainer }) => {
    it("measures cart completion with and without Kapy's earn path", async () => {
      const container = getContainer()
      const shop = await seedShop(container)
      const customer = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers({ email: "bench@example.com", has_account: true })
      const eventBus = container.resolve(Modules.EVENT_BUS)
      const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)

      const events = (subscribers: typeof EARN_PATH) => [...new Set(subscribers.map((s) => s.config.event as string))]
      const setMode = (mode: Mode) => {
        EARN_PATH.forEach((s, i) => {
          const attached = mode === "with" || (mode === "earn" && i === 0)
          const { event, context } = s.config
          eventBus.unsubscribe(event, (() => {}) as any, { subscriberId: context.subscriberId })
          if (attached) {
            eventBus.subscribe(event, async (e: any) => s.handler({ event: e, container }), {
              subscriberId: context.subscriberId,
            })
          }
        })
      }
      const attachedIn = (mode: Mode) => (mode === "with" ? EARN_PATH : mode === "earn" ? EARN_PATH.slice(0, 1) : [])
      /** Order entries that stand: voided attempts (a failed workflow's compensation) are not earnings. */
      const standingOrderEntries = async () => {
        const { rows } = await knex.raw(
          `SELECT count(*)::int AS n FROM kapy_ledger_entry e
            WHERE e.reason = 'order' AND e.deleted_at IS NULL AND e.voids_entry_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM kapy_ledger_entry v WHERE v.voids_entry_id = e.id AND v.deleted_at IS NULL)`
        )
        return rows[0].n as number
      }
      const voidedOrderEntries = async () => {
        const { rows } = await knex.raw(
          `SELECT count(*)::int AS n FROM kapy_ledger_entry e
            WHERE e.reason = 'order' AND e.voids_entry_id IS NULL
              AND EXISTS (SELECT 1 FROM kapy_ledger_entry v WHERE v.voids_entry_id = e.id)`
        )
        return rows[0].n as number
      }

      /** Completes `carts` and waits for every subscriber of order.placed (and of the earn path's own events) to finish with each. */
      const completeAll = async (carts: string[], mode: Mode) => {
        const waits = ["order.placed", ...events(attachedIn(mode).slice(1))].map((name) =>
          subscribersDone(eventBus, name, carts.length)
        )
        for (const id of carts) {
          await completeCartWorkflow(container).run({ input: { id } })
        }
        await Promise.all(waits)
      }

      const timeBlock = async (mode: Mode, orders = ORDERS) => {
        setMode(mode)
        const carts = await prepareCarts(container, shop, customer.id, orders)
        const started = process.hrtime.bigint()
        await completeAll(carts, mode)
        return Number(process.hrtime.bigint() - started) / 1e9
      }

      /** Statements per order, and per table touched, over COUNT_ORDERS orders (untimed). */
      const countBlock = async (mode: Mode) => {
        setMode(mode)
        const carts = await prepareCarts(container, shop, customer.id, COUNT_ORDERS)
        const sent: string[] = []
        const listener = (q: { sql: string }) => sent.push(q.sql)
        knex.on("query", listener)
        try {
          await completeAll(carts, mode)
        } finally {
          knex.removeListener("query", listener)
        }
        const byTable = new Map<string, number>()
        for (const sql of sent) {
          const table = tableOf(sql)
          byTable.set(table, (byTable.get(table) ?? 0) + 1)
        }
        return { perOrder: sent.length / COUNT_ORDERS, byTable }
      }

      const modes: Mode[] = EARN_PATH.length > 1 ? ["without", "earn", "with"] : ["without", "with"]
      const standingBefore = await standingOrderEntries()
      await timeBlock("without") // warm-up: code paths, caches, JIT
      // enough orders (49.90 each) to take the member past Gold's 1 000: an order that moves a member
      // up also refreshes their open carts (here the block's prepared ones), which not every order does
      const WARM_UP_WITH = Math.max(ORDERS, 25)
      await timeBlock("with", WARM_UP_WITH)
      const seconds: Record<Mode, number> = { without: 0, earn: 0, with: 0 }
      for (let round = 1; round <= ROUNDS; round++) {
        const order = round % 2 ? modes : [...modes].reverse()
        for (const mode of order) {
          seconds[mode] += await timeBlock(mode)
        }
        process.stdout.write(`round ${round}/${ROUNDS} done\n`)
      }
      const counts = new Map<Mode, Awaited<ReturnType<typeof countBlock>>>()
      for (const mode of modes) {
        counts.set(mode, await countBlock(mode))
      }
      const total = ORDERS * ROUNDS
      const withOrders = WARM_UP_WITH + COUNT_ORDERS * (modes.length - 1) + total * (modes.length - 1)

      const statements = (mode: Mode) => counts.get(mode)!.perOrder
      const diffTables = (mode: Mode) => {
        const base = counts.get("without")!.byTable
        const diff = [...counts.get(mode)!.byTable].map(([t, n]) => [t, (n - (base.get(t) ?? 0)) / COUNT_ORDERS] as const)
        return diff
          .filter(([, n]) => n > 0)
          .sort((a, b) => b[1] - a[1])
          .map(([t, n]) => `${t} +${n.toFixed(1)}`)
          .join(", ")
      }
      const line = (mode: Mode, label: string) =>
        `  ${label.padEnd(26)}: ${(total / seconds[mode]).toFixed(1)} orders/s (${((seconds[mode] / total) * 1000).toFixed(1)} ms/order), ` +
        `${statements(mode).toFixed(1)} SQL statements/order`
      const report = [
        "",
        `bench/earn: ${total} orders each way, ${ROUNDS} alternating rounds of ${ORDERS}, 1 client; statements over ${COUNT_ORDERS} orders each way`,
        `  earn path: ${EARN_PATH.map((s) => s.name).join(" → ")}`,
        line("without", "without Kapy's earn path"),
        ...(modes.includes("earn") ? [line("earn", "the earn alone")] : []),
        line("with", "with Kapy's earn path"),
        ...(modes.includes("earn")
          ? [`  time ratio earn alone/without : ${(seconds.earn / seconds.without).toFixed(3)}`]
          : []),
        `  time ratio with/without  : ${(seconds.with / seconds.without).toFixed(3)} (goal ≤ 1.05)`,
        ...modes.filter((m) => m !== "without").map((m) => `  statements added (${m}), by table: ${diffTables(m)}`),
        "",
      ].join("\n")
      process.stdout.write(report)

      const voided = await voidedOrderEntries()
      process.stdout.write(`  order entries: ${(await standingOrderEntries()) - standingBefore} standing, ${voided} voided\n`)
      expect(voided).toBe(0)
      expect((await standingOrderEntries()) - standingBefore).toBe(withOrders)
      const ratio = seconds.with / seconds.without
      recordFigures("earn", [
        {
          figure: "order placement with the earn path ÷ without",
          goal: "≤ 1.05",
          measured: `${ratio.toFixed(2)}; ${statements("without").toFixed(0)} → ${statements("with").toFixed(0)} SQL statements/order`,
          met: ratio <= 1.05,
        },
      ])
    })
  },
})

/** The first table a statement names (FROM / INTO / UPDATE), or its verb. */
function tableOf(sql: string): string {
  const match = /\b(?:from|into|update)\s+"?(?:public"?\."?)?([a-z_0-9]+)"?/i.exec(sql)
  return match ? match[1] : sql.trim().split(/\s+/)[0].toLowerCase()
}
