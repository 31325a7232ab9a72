import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { KAPY_LOYALTY_MODULE } from ".."
import LoyaltyModuleService from "../service"

jest.setTimeout(120_000)

const system = { actor_type: "system" as const, actor_id: "test" }
let seq = 0
const key = (label = "k") => `${label}-${++seq}-${Math.random().toString(36).slice(2)}`

moduleIntegrationTestRunner<LoyaltyModuleService>({
  moduleName: KAPY_LOYALTY_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "../migrations"),
  // a database of its own: other module specs may run at the same time on this machine
  dbName: "kapy-loyalty-expiry-integration",
  testSuite: ({ service, MikroOrmWrapper }) => {
    const knex = () => MikroOrmWrapper.getManager().getKnex()

    /** Switches expiry on (the clock starts now), then moves the clock's start to `since`: time moved, not waited for. */
    async function switchOn(expiry: Record<string, unknown>, since: string) {
      const settings = await service.updateProgramSettings({ expiry })
      expect(settings.expiry.since).not.toBeNull()
      await knex().raw(`UPDATE kapy_program SET settings = jsonb_set(settings, '{expiry,since}', to_jsonb(?::text))`, [since])
    }

    /** Credits points and moves their lot's earning moment to `at`. */
    async function earnAt(customerId: string, points: number, at: string, reason: "order" | "signup" = "signup") {
      const { entry } = await service.earnPoints({ customer_id: customerId, points, reason, idempotency_key: key(reason), ...system })
      await knex()("kapy_points_lot").where({ entry_id: entry.id }).update({ created_at: new Date(at) })
      return entry
    }

    async function expiryEntries(accountId?: string) {
      const q = knex()("kapy_ledger_entry").where({ reason: "expiry" })
      return accountId ? q.andWhere({ account_id: accountId }) : q
    }

    async function reconcileClean() {
      const report = await service.reconcile()
      expect(report.drifts).toEqual([])
    }

    it("is off by default: nothing expires or warns however old the points", async () => {
      await earnAt("cus_old", 100, "2015-01-01T00:00:00Z")
      expect((await service.retrieveProgramSettings()).expiry).toEqual(
        expect.objectContaining({ mode: "off", since: null })
      )
      expect((await service.expirePoints({ now: new Date("2030-01-01Z") })).entries).toEqual([])
      expect(await service.recordExpiryWarnings({ now: new Date("2030-01-01Z") })).toEqual([])
    })

    it("switching on starts the clock then: points earned long before do not expire at once", async () => {
      await earnAt("cus_before", 100, "2015-01-01T00:00:00Z")
      const switched = await service.updateProgramSettings({ expiry: { mode: "per_lot", months: 12, since: "2000-01-01T00:00:00.000Z" } })
      // the caller's since is ignored: the clock starts now
      expect(new Date(switched.expiry.since!).getTime()).toBeGreaterThan(Date.now() - 60_000)
      expect((await service.expirePoints({ now: new Date(Date.now() + 86_400_000) })).entries).toEqual([])
      // changing only the months keeps the clock
      const kept = await service.updateProgramSettings({ expiry: { months: 6 } })
      expect(kept.expiry.since).toBe(switched.expiry.since)
      // a mode without months is refused, naming the field
      await expect(service.updateProgramSettings({ expiry: { mode: "inactivity", months: null } })).rejects.toThrow(/expiry\.months/)
    })

    it("per lot: earned 100 in January, spent 30 in March, 12 months → 70 expire next January, once, with one warning 30 days before", async () => {
      await switchOn({ mode: "per_lot", months: 12, warning_days: 30 }, "2025-12-01T00:00:00.000Z")
      await earnAt("cus_a", 100, "2026-01-10T12:00:00Z")
      await earnAt("cus_a", 50, "2026-02-10T12:00:00Z")
      // the spend takes the soonest-expiring lot first: January's
      await service.spendPoints({ customer_id: "cus_a", points: 30, idempotency_key: key("spend"), ...system })
      const account = (await service.retrieveMember({ customer_id: "cus_a" }))!

      expect(await service.retrieveNextExpiry(account.id, { now: new Date("2026-03-15Z") })).toEqual({
        date: new Date("2027-01-10T12:00:00Z"),
        points: 70,
        mode: "per_lot",
      })

      // warnings: not yet 31 days before; once 30 days before, however often the job runs
      expect(await service.recordExpiryWarnings({ now: new Date("2026-12-11T11:59:59Z") })).toEqual([])
      const warned = await Promise.all([
        service.recordExpiryWarnings({ now: new Date("2026-12-11T12:00:00Z") }),
        service.recordExpiryWarnings({ now: new Date("2026-12-11T12:00:00Z") }),
      ])
      expect(warned.flat()).toEqual([expect.objectContaining({ account_id: account.id, points: 70 })])
      expect(await service.recordExpiryWarnings({ now: new Date("2026-12-20Z") })).toEqual([])

      // not before its moment
      expect((await service.expirePoints({ now: new Date("2027-01-10T11:59:59Z") })).entries).toEqual([])

      // at it: twice at once, then again: one entry of 70
      const now = new Date("2027-01-10T12:00:00Z")
      const runs = await Promise.all([service.expirePoints({ now }), service.expirePoints({ now }), service.expirePoints({ now })])
      expect(runs.flatMap((r) => r.entries)).toEqual([
        expect.objectContaining({ account_id: account.id, reason: "expiry", points: -70, balance_after: 50 }),
      ])
      expect((await service.expirePoints({ now: new Date("2027-01-20Z") })).entries).toEqual([])
      expect(await expiryEntries(account.id)).toHaveLength(1)

      const after = (await service.retrieveMember({ customer_id: "cus_a" }))!
      expect(after.points_balance).toBe(50)
      expect(after.lifetime_points).toBe(150)
      expect(after.lifetime_redeemed).toBe(30)
      // February's 50 are next, on their own day
      expect(await service.retrieveNextExpiry(account.id, { now: new Date("2027-01-20Z") })).toEqual({
        date: new Date("2027-02-10T12:00:00Z"),
        points: 50,
        mode: "per_lot",
      })
      await reconcileClean()
    })

    it("never expires below zero: a debt from a reversal has nothing to expire and stays a debt", async () => {
      await switchOn({ mode: "per_lot", months: 12 }, "2025-12-01T00:00:00.000Z")
      const earned = await earnAt("cus_debt", 100, "2026-01-10T00:00:00Z", "order")
      await service.spendPoints({ customer_id: "cus_debt", points: 80, idempotency_key: key("spend"), ...system })
      await service.reversePoints({ entry_id: earned.id, idempotency_key: key("rev"), ...system })
      const before = (await service.retrieveMember({ customer_id: "cus_debt" }))!
      expect(before.points_balance).toBe(-80)

      expect((await service.expirePoints({ now: new Date("2028-01-01Z") })).entries).toEqual([])
      expect((await service.retrieveMember({ customer_id: "cus_debt" }))!.points_balance).toBe(-80)
      expect(await service.retrieveNextExpiry(before.id, { now: new Date("2026-06-01Z") })).toBeNull()
      await reconcileClean()
    })

    it("two workers expiring many accounts at once write one entry per lot, in batches", async () => {
      await switchOn({ mode: "per_lot", months: 12 }, "2025-01-01T00:00:00.000Z")
      for (let i = 0; i < 25; i++) {
        await earnAt(`cus_many_${i}`, 10 + i, "2025-03-01T00:00:00Z")
        await earnAt(`cus_many_${i}`, 5, "2025-04-01T00:00:00Z")
      }
      const now = new Date("2026-06-01Z")
      const runs = await Promise.all([
        service.expirePoints({ now, limit: 4 }),
        service.expirePoints({ now, limit: 7 }),
      ])
      const entries = runs.flatMap((r) => r.entries)
      expect(entries).toHaveLength(50)
      expect(new Set(entries.map((e) => e.idempotency_key)).size).toBe(50)
      expect(await expiryEntries()).toHaveLength(50)
      const [{ total }] = await knex()("kapy_account").sum({ total: "points_balance" })
      expect(Number(total)).toBe(0)
      await reconcileClean()
    })

    it("inactivity: the whole balance expires months after the last purchase, and a purchase resets the clock", async () => {
      await switchOn({ mode: "inactivity", months: 6, warning_days: 30 }, "2025-01-01T00:00:00.000Z")
      await earnAt("cus_idle", 100, "2025-06-01T00:00:00Z")
      await earnAt("cus_buyer", 100, "2025-06-01T00:00:00Z")
      const idle = (await service.retrieveMember({ customer_id: "cus_idle" }))!
      const buyer = (await service.retrieveMember({ customer_id: "cus_buyer" }))!
      await knex()("kapy_account").whereIn("id", [idle.id, buyer.id]).update({ created_at: new Date("2025-06-01T00:00:00Z") })
      // the buyer buys now: an order earns
      await service.earnPoints({ customer_id: "cus_buyer", points: 20, reason: "order", idempotency_key: key("order"), ...system })
      const purchasedAt = new Date((await knex()("kapy_ledger_entry").where({ account_id: buyer.id, reason: "order" }).first()).created_at)

      const idleExpiry = await service.retrieveNextExpiry(idle.id, { now: new Date("2025-07-01Z") })
      expect(idleExpiry).toEqual({ date: new Date("2025-12-01T00:00:00Z"), points: 100, mode: "inactivity" })

      const now = new Date()
      const runs = await Promise.all([service.expirePoints({ now }), service.expirePoints({ now })])
      expect(runs.flatMap((r) => r.entries)).toEqual([
        expect.objectContaining({ account_id: idle.id, points: -100, balance_after: 0 }),
      ])
      // the buyer's clock runs from the purchase
      const buyerExpiry = (await service.retrieveNextExpiry(buyer.id, { now }))!
      expect(buyerExpiry.points).toBe(120)
      expect(buyerExpiry.date.getTime()).toBeGreaterThan(purchasedAt.getTime() + 180 * 86_400_000)

      const warnAt = new Date(buyerExpiry.date.getTime() - 29 * 86_400_000)
      expect(await service.recordExpiryWarnings({ now: warnAt })).toEqual([expect.objectContaining({ account_id: buyer.id, points: 120 })])
      expect(await service.recordExpiryWarnings({ now: warnAt })).toEqual([])

      expect((await service.expirePoints({ now: new Date(buyerExpiry.date.getTime() - 1) })).entries).toEqual([])
      // (the purchase's moment has microseconds; a JS date ends at the millisecond)
      const expiredAt = new Date(buyerExpiry.date.getTime() + 1)
      const later = await service.expirePoints({ now: expiredAt })
      expect(later.entries).toEqual([expect.objectContaining({ account_id: buyer.id, points: -120, balance_after: 0 })])
      expect((await service.expirePoints({ now: expiredAt })).entries).toEqual([])
      await reconcileClean()
    })
  },
})
