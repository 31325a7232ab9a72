import { completeCartWorkflow } from "@medusajs/core-flows"
import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedShop } from "../../integration-tests/fixtures/shop"
import { prepareCarts } from "../support/carts"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import orderPlacedAwardPoints, { config as earnConfig } from "../../src/subscribers/order-placed-award-points"

/**
 * bench/earn: orders per second through Medusa's completeCartWorkflow with
 * Kapy's earn path (the order.placed subscriber awarding points, waited for
 * until every order's points are recorded) and without it (the subscriber
 * detached), in the same app and database. Blocks alternate so that warm-up
 * and drift fall on both sides. Carts are prepared outside the timed part.
 *
 *   npm run bench -- earn          (KAPY_BENCH_ORDERS=40 KAPY_BENCH_ROUNDS=3)
 */
const ORDERS = Number(process.env.KAPY_BENCH_ORDERS ?? 40)
const ROUNDS = Number(process.env.KAPY_BENCH_ROUNDS ?? 3)

jest.setTimeout(30 * 60_000)

medusaIntegrationTestRunner({
  testSuite: ({ getContainer }) => {
    it("measures cart completion with and without Kapy's earn path", async () => {
      const container = getContainer()
      const shop = await seedShop(container)
      const customer = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers({ email: "bench@example.com", has_account: true })
      const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      const eventBus = container.resolve(Modules.EVENT_BUS)
      const subscriberId = earnConfig.context!.subscriberId!
      const attach = () =>
        eventBus.subscribe(
          earnConfig.event as string,
          async (event: any) => orderPlacedAwardPoints({ event, container } as any),
          { subscriberId }
        )
      const detach = () => eventBus.unsubscribe(earnConfig.event as string, (() => {}) as any, { subscriberId })

      const earned = async () => (await loyalty.listLoyaltyEntries({ reason: "order" }, { select: ["id"] })).length
      const timeBlock = async (withEarn: boolean) => {
        const carts = await prepareCarts(container, shop, customer.id, ORDERS)
        const before = await earned()
        const started = process.hrtime.bigint()
        for (const id of carts) {
          await completeCartWorkflow(container).run({ input: { id } })
        }
        if (withEarn) {
          while ((await earned()) < before + ORDERS) {
            await new Promise((r) => setImmediate(r))
          }
        }
        return Number(process.hrtime.bigint() - started) / 1e9
      }

      detach()
      await timeBlock(false) // warm-up: code paths, caches, JIT
      const seconds = { with: 0, without: 0 }
      for (let round = 1; round <= ROUNDS; round++) {
        detach()
        seconds.without += await timeBlock(false)
        attach()
        seconds.with += await timeBlock(true)
        process.stdout.write(`round ${round}/${ROUNDS} done\n`)
      }
      const total = ORDERS * ROUNDS
      const perSecond = { without: total / seconds.without, with: total / seconds.with }
      const report = [
        "",
        `bench/earn: ${total} orders each way, ${ROUNDS} alternating rounds of ${ORDERS}, 1 client`,
        `  without Kapy's earn path : ${perSecond.without.toFixed(1)} orders/s (${((seconds.without / total) * 1000).toFixed(1)} ms/order)`,
        `  with Kapy's earn path    : ${perSecond.with.toFixed(1)} orders/s (${((seconds.with / total) * 1000).toFixed(1)} ms/order)`,
        `  time ratio with/without  : ${(seconds.with / seconds.without).toFixed(3)} (goal < 1.10)`,
        "",
      ].join("\n")
      process.stdout.write(report)
      expect(await earned()).toBeGreaterThanOrEqual(total)
    })
  },
})
