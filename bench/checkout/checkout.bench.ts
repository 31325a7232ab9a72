import { completeCartWorkflow } from "@medusajs/core-flows"
import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { seedShop } from "../../integration-tests/fixtures/shop"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { config as earnConfig } from "../../src/subscribers/order-placed-award-points"
import { applyLoyaltyPointsToCartWorkflow } from "../../src/workflows/redemption"
import { prepareCarts } from "../support/carts"
import { recordFigures } from "../lib/figures"

/**
 * bench/checkout: Medusa's completeCartWorkflow for carts paying 15.00 EUR
 * of 55.80 with 1 500 cones (the points taken under the account lock in the
 * validate hook) against the same carts without cones, in alternating rounds
 * in one app and database. The earn subscriber is detached so that only
 * the checkout itself is timed (bench/earn times earning).
 *
 *   npm run bench -- checkout      (KAPY_BENCH_ORDERS=20 KAPY_BENCH_ROUNDS=3)
 */
const ORDERS = Number(process.env.KAPY_BENCH_ORDERS ?? 20)
const ROUNDS = Number(process.env.KAPY_BENCH_ROUNDS ?? 3)

jest.setTimeout(30 * 60_000)

medusaIntegrationTestRunner({
  testSuite: ({ getContainer }) => {
    it("measures cart completion with and without cones", async () => {
      const container = getContainer()
      const shop = await seedShop(container)
      const customer = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers({ email: "bench@example.com", has_account: true })
      const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      await loyalty.earnPoints({
        customer_id: customer.id,
        points: 1500 * ORDERS * (ROUNDS + 1),
        reason: "import",
        idempotency_key: "bench-checkout",
        actor_type: "system",
      })
      container
        .resolve(Modules.EVENT_BUS)
        .unsubscribe(earnConfig.event as string, (() => {}) as any, { subscriberId: earnConfig.context!.subscriberId! })

      const withCones = async (cartId: string) => {
        await applyLoyaltyPointsToCartWorkflow(container).run({
          input: { cart_id: cartId, customer_id: customer.id, points: 1500 },
        })
      }
      const timeBlock = async (cones: boolean) => {
        const carts = await prepareCarts(container, shop, customer.id, ORDERS, cones ? withCones : undefined)
        const started = process.hrtime.bigint()
        for (const id of carts) {
          await completeCartWorkflow(container).run({ input: { id } })
        }
        return Number(process.hrtime.bigint() - started) / 1e9
      }

      await timeBlock(true) // warm-up
      const seconds = { with: 0, without: 0 }
      for (let round = 1; round <= ROUNDS; round++) {
        seconds.without += await timeBlock(false)
        seconds.with += await timeBlock(true)
        process.stdout.write(`round ${round}/${ROUNDS} done\n`)
      }
      const total = ORDERS * ROUNDS
      const ms = (s: number) => ((s / total) * 1000).toFixed(1)
      process.stdout.write(
        [
          "",
          `bench/checkout: ${total} checkouts each way, ${ROUNDS} alternating rounds of ${ORDERS}, 1 client`,
          `  without cones : ${ms(seconds.without)} ms/checkout`,
          `  with cones    : ${ms(seconds.with)} ms/checkout`,
          `  ratio with/without : ${(seconds.with / seconds.without).toFixed(3)} (goal < 1.15)`,
          "",
        ].join("\n")
      )
      const redeemed = await loyalty.listLoyaltyEntries({ reason: "redemption" }, { select: ["id"] })
      expect(redeemed).toHaveLength(total + ORDERS)
      expect((await loyalty.reconcile()).drifts).toEqual([])
      const ratio = seconds.with / seconds.without
      recordFigures("checkout", [
        { figure: "cart completion paying with cones ÷ without", goal: "< 1.15", measured: `${ratio.toFixed(3)} (${ms(seconds.with)} vs ${ms(seconds.without)} ms)`, met: ratio < 1.15 },
      ])
    })
  },
})
