import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { KAPY_LOYALTY_MODULE } from ".."
import LoyaltyModuleService from "../service"
import { TierBatchStore } from "../tiers/tier-store"

jest.setTimeout(120_000)

const DAY = 86_400_000

moduleIntegrationTestRunner<LoyaltyModuleService>({
  moduleName: KAPY_LOYALTY_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "../migrations"),
  testSuite: ({ service, MikroOrmWrapper }) => {
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

    it("a batch's members, tier qualifications and evaluation in bulk end as one at a time would", async () => {
      const shopify = (external_id: string, email: string, email_verified = false) => ({ provider: "shopify" as const, external_id, email, email_verified })
      const known = await service.ensureMember(shopify("s_known", "known@example.com"))
      const verified = await service.ensureMember({ provider: "medusa", external_id: "cus_same", email: "same@example.com", email_verified: true })
      const accounts = await service.ensureMembersInBulk([
        shopify("s_new1", "new1@example.com"),
        shopify("s_new2", "new2@example.com"),
        shopify("s_new1", "new1@example.com"),
        shopify("s_known", "known@example.com"),
        // a verified email a Medusa customer's account holds: joins it, as ensureMember does
        shopify("s_same", "same@example.com", true),
      ])
      expect([...accounts.keys()].sort()).toEqual(["s_known", "s_new1", "s_new2", "s_same"])
      expect(accounts.get("s_known")!.id).toBe(known.id)
      expect(accounts.get("s_same")!.id).toBe(verified.id)
      expect(accounts.get("s_new1")!.id).not.toBe(accounts.get("s_new2")!.id)
      // the same people again: the same accounts, no new ones
      const again = await service.ensureMembersInBulk([shopify("s_new1", "new1@example.com"), shopify("s_new2", "new2@example.com")])
      expect(again.get("s_new1")!.id).toBe(accounts.get("s_new1")!.id)
      expect((await service.retrieveMemberByIdentity({ provider: "shopify", external_id: "s_new2" }))!.id).toBe(accounts.get("s_new2")!.id)

      const a1 = accounts.get("s_new1")!.id
      const a2 = accounts.get("s_new2")!.id
      const row = (account_id: string, order: string, amount: string) => ({
        account_id,
        source_type: "shopify_order",
        source_id: order,
        idempotency_key: `placed:bulk:${order}`,
        amount,
        currency_code: "EUR",
        orders: 1,
      })
      const recorded = await service.recordTierQualificationsInBulk([row(a1, "o1", "250"), row(a2, "o2", "50"), row(a1, "o3", "150"), row(a1, "o1", "250")])
      expect([...recorded].sort()).toEqual(["placed:bulk:o1", "placed:bulk:o2", "placed:bulk:o3"])
      expect((await service.recordTierQualificationsInBulk([row(a1, "o1", "250")])).size).toBe(0)

      const results = await service.evaluateAccountTiers([a2, a1, a1])
      expect(results).toHaveLength(2)
      const byAccount = new Map(results.map((r) => [r.account_id, r]))
      expect(await tierName(byAccount.get(a1)!.tier_id)).toBe("Silver")
      expect(await tierName(byAccount.get(a2)!.tier_id)).toBe("Bronze")
      // what one evaluation of each finds now: the same tiers, nothing left to change
      expect((await service.evaluateMemberTier({ account_id: a1 }))!.change).toBeNull()
      expect((await service.evaluateMemberTier({ account_id: a2 }))!.change).toBeNull()
      expect(await service.evaluateAccountTiers([a1])).toEqual([expect.objectContaining({ account_id: a1, change: null })])
    })

    it("leaves out spend that fell out of the rolling window", async () => {
      await place("cus_3", "order_1", "400", "eur", new Date(Date.now() - 400 * DAY))
      const result = await service.evaluateMemberTier({ customer_id: "cus_3" })
      expect(await tierName(result!.tier_id)).toBe("Bronze")
    })

    it("the due evaluation takes only accounts whose window moved or grace ended, once per moment, and downgrades after the grace period", async () => {
      const now = Date.now()
      // Silver by an order that leaves the rolling window in 5 days; another member's order stays in it
      await place("cus_w", "order_w", "400", "eur", new Date(now - 360 * DAY))
      await place("cus_x", "order_x", "400", "eur", new Date(now - DAY))
      await service.evaluateMemberTier({ customer_id: "cus_w" }, { now: new Date(now) })
      await service.evaluateMemberTier({ customer_id: "cus_x" }, { now: new Date(now) })

      expect(await service.evaluateDueTiers({ now: new Date(now + DAY) })).toMatchObject({ evaluated: 0, changes: [] })
      const moved = new Date(now + 10 * DAY)
      const first = await service.evaluateDueTiers({ now: moved })
      expect(first.evaluated).toBe(1)
      expect(first.changes).toEqual([])
      expect(await service.evaluateDueTiers({ now: moved })).toMatchObject({ evaluated: 0, changes: [] })
      const standing = await service.retrieveTierStanding({ customer_id: "cus_w" }, { now: moved })
      expect(standing.tier?.name).toBe("Silver")
      expect(standing.tier_expires_at!.getTime()).toBe(moved.getTime() + 30 * DAY)

      const over = new Date(moved.getTime() + 30 * DAY)
      const runs = await Promise.all([1, 2].map(() => service.evaluateDueTiers({ now: over, limit: 1 })))
      const changes = runs.flatMap((r) => r.changes)
      expect(changes).toEqual([expect.objectContaining({ customer_id: "cus_w", reason: "downgrade" })])
      expect(await tierName(changes[0].to)).toBe("Bronze")
      // cus_x's order is still in the window: never due, still Silver
      expect(await service.evaluateDueTiers({ now: over })).toMatchObject({ evaluated: 0, changes: [] })
      expect((await service.retrieveTierStanding({ customer_id: "cus_x" }, { now: over })).tier?.name).toBe("Silver")
    })

    it("an override is a floor until its date, and the tier set is checked as a whole", async () => {
      await place("cus_o", "order_o", "50")
      const tiers = await service.listLoyaltyTiers({}, { order: { rank: "ASC" } })
      const until = new Date(Date.now() + 5 * DAY)
      const set = await service.setTierOverride({ customer_id: "cus_o" }, { tier_id: tiers[2].id, reason: "VIP", until, by: "user_1" })
      expect(set.change).toEqual(expect.objectContaining({ to: tiers[2].id, reason: "override" }))
      const ended = await service.evaluateDueTiers({ now: new Date(until.getTime() + 1) })
      expect(ended.changes).toEqual([expect.objectContaining({ from: tiers[2].id, to: tiers[0].id, reason: "override_ended" })])
      const [row] = (await service.listLoyaltyAccounts({ id: set.account_id })) as any[]
      expect(row.tier_override_id).toBeNull()

      await expect(service.saveTier({ input: { name: { en: "Twin" }, threshold: "300", multiplier: "1.3", discount_percent: null } })).rejects.toThrow(
        /threshold: thresholds must increase/
      )
      await expect(service.saveTier({ id: tiers[1].id, input: { multiplier: "0.5" } })).rejects.toThrow(/multiplier: multiplier must be at least 1/)
      const { tier } = await service.saveTier({ input: { name: { en: "Platinum", fi: "Platina" }, threshold: "5000", multiplier: "2", discount_percent: "10" } })
      expect(tier).toEqual(expect.objectContaining({ name: "Platinum", rank: 3, translations: { fi: { name: "Platina" } } }))
      const { tier: moved } = await service.saveTier({ id: tier!.id, input: { threshold: "200", multiplier: "1.1" } })
      expect((await service.listLoyaltyTiers({}, { order: { rank: "ASC" } })).map((t) => t.name)).toEqual(["Bronze", "Platinum", "Silver", "Gold"])
      expect(moved!.rank).toBe(1)
    })

    it("reads a page's totals with parallel plans off and gives the transaction its setting back; the totals are the members'", async () => {
      await place("cus_p1", "order_p1", "120")
      await place("cus_p2", "order_p2", "80")
      await place("cus_p2", "order_p3", "30")
      const ids = [
        { customer_id: "cus_p1", id: (await service.evaluateMemberTier({ customer_id: "cus_p1" }))!.account_id },
        { customer_id: "cus_p2", id: (await service.evaluateMemberTier({ customer_id: "cus_p2" }))!.account_id },
      ]
      const store = new TierBatchStore()
      await MikroOrmWrapper.getManager().getKnex().transaction(async (trx: any) => {
        await trx.raw(`SET LOCAL max_parallel_workers_per_gather = 3`)
        const totals = await store.qualifyingTotals(trx, ids.map((r) => r.id), null, { countAdjustments: false, withPoints: false })
        const byCustomer = Object.fromEntries(ids.map((r) => [r.customer_id, totals.get(r.id)]))
        expect(byCustomer.cus_p1).toMatchObject({ spend: "120", orders: 1 })
        expect(byCustomer.cus_p2).toMatchObject({ spend: "110", orders: 2 })
        expect((await trx.raw(`SELECT current_setting('max_parallel_workers_per_gather') AS v`)).rows[0].v).toBe("3")
      })
    })
  },
})
