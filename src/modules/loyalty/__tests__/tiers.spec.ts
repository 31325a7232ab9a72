import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { KAPY_LOYALTY_MODULE } from ".."
import LoyaltyModuleService from "../service"

jest.setTimeout(120_000)

const DAY = 86_400_000

moduleIntegrationTestRunner<LoyaltyModuleService>({
  moduleName: KAPY_LOYALTY_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "../migrations"),
  testSuite: ({ service }) => {
    const tierName = async (id: string | null) =>
      id ? (await service.listLoyaltyTiers({ id }))[0].name : null
    const place = (customer_id: string, order: string, amount: string, currency_code = "eur", occurred_at = new Date()) =>
      service.recordTierQualification({
        member: { customer_id },
        kind: "placed",
        source_type: "order",
        source_id: order,
        idempotency_key: `placed:${order}`,
        amount,
        currency_code,
        orders: 1,
        occurred_at,
      })

    beforeEach(async () => {
      await service.retrieveProgramSettings()
      await service.updateProgramSettings({ tiers: { rates: { sek: "0.1" } } })
    })

    it("counts an order's spend once, in any currency with a rate, and upgrades at once", async () => {
      expect((await place("cus_1", "order_1", "250")).recorded).toBe(true)
      expect((await place("cus_1", "order_1", "250")).recorded).toBe(false)
      const bronze = await service.evaluateMemberTier({ customer_id: "cus_1" })
      expect(await tierName(bronze!.tier_id)).toBe("Bronze")
      // 1000 SEK at 0.1 = 100 EUR: 350 in all
      await place("cus_1", "order_2", "1000", "sek")
      // no rate for NOK: recorded, not counted
      await place("cus_1", "order_3", "5000", "nok")
      const silver = await service.evaluateMemberTier({ customer_id: "cus_1" })
      expect(await tierName(silver!.tier_id)).toBe("Silver")
      expect(silver!.change).toMatchObject({ reason: "upgrade" })
      expect((await service.evaluateMemberTier({ customer_id: "cus_1" }))!.change).toBeNull()
    })

    it("downgrades after a refund only once the grace period is over, once however often and however concurrently it runs", async () => {
      await place("cus_2", "order_1", "400")
      await service.evaluateMemberTier({ customer_id: "cus_2" })
      await service.recordTierQualification({
        member: { customer_id: "cus_2" },
        kind: "reversed",
        source_type: "order",
        source_id: "order_1",
        idempotency_key: "reversed:order_1:refund_1",
        amount: "200",
        currency_code: "eur",
        orders: 0,
      })
      const now = Date.now()
      const during = await service.evaluateMemberTier({ customer_id: "cus_2" }, { now: new Date(now + DAY) })
      expect(await tierName(during!.tier_id)).toBe("Silver")
      const after = new Date(now + 31 * DAY)
      const runs = await Promise.all([1, 2, 3].map(() => service.evaluateMemberTier({ customer_id: "cus_2" }, { now: after })))
      const changes = runs.filter((r) => r!.change)
      expect(changes).toHaveLength(1)
      expect(await tierName(changes[0]!.change!.to)).toBe("Bronze")
      const account = (await service.listLoyaltyAccounts({ id: runs[0]!.account_id }))[0] as any
      expect(account.tier_expires_at).toBeNull()
    })

    it("leaves out spend that fell out of the rolling window", async () => {
      await place("cus_3", "order_1", "400", "eur", new Date(Date.now() - 400 * DAY))
      const result = await service.evaluateMemberTier({ customer_id: "cus_3" })
      expect(await tierName(result!.tier_id)).toBe("Bronze")
    })
  },
})
