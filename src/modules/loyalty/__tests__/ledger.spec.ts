import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { MedusaError } from "@medusajs/framework/utils"
import path from "path"
import { KAPY_LOYALTY_MODULE } from ".."
import LoyaltyModuleService from "../service"

jest.setTimeout(120_000)

const system = { actor_type: "system" as const, actor_id: "test" }
let keySeq = 0
const key = (label = "k") => `${label}-${++keySeq}-${Math.random().toString(36).slice(2)}`

async function expectRejection(promise: Promise<unknown>, type: string, message?: RegExp) {
  const error: any = await promise.then(
    () => null,
    (e) => e
  )
  expect(error).not.toBeNull()
  expect(error.type).toBe(type)
  if (message) {
    expect(error.message).toMatch(message)
  }
  return error
}

moduleIntegrationTestRunner<LoyaltyModuleService>({
  moduleName: KAPY_LOYALTY_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "../migrations"),
  testSuite: ({ service, MikroOrmWrapper }) => {
    const knex = () => MikroOrmWrapper.getManager().getKnex()

    async function reconcileClean() {
      const report = await service.reconcile()
      expect(report.drifts).toEqual([])
      return report
    }

    /** A customer's entries, through their account: the ledger holds no customer ids. */
    async function entriesOf(customerId: string) {
      const account = await service.retrieveMember({ customer_id: customerId })
      return account
        ? await service.listLoyaltyEntries({ account_id: account.id }, { order: { created_at: "ASC" } })
        : []
    }

    describe("accounts", () => {
      it("creates one account per customer on first need, even when asked concurrently", async () => {
        const accounts = await Promise.all(
          Array.from({ length: 10 }, () => service.retrieveOrCreateAccount("cus_one"))
        )
        expect(new Set(accounts.map((a) => a.id)).size).toBe(1)
        expect(accounts[0]).toEqual(
          expect.objectContaining({
            customer_id: "cus_one",
            points_balance: 0,
            points_pending: 0,
            lifetime_points: 0,
          })
        )
        expect(accounts[0].referral_code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/)
        const [{ count }] = await knex()("kapy_account").count({ count: "*" })
        expect(Number(count)).toBe(1)
      })

      it("gives every account its own referral code", async () => {
        const accounts = await Promise.all(
          Array.from({ length: 30 }, (_, i) => service.retrieveOrCreateAccount(`cus_${i}`))
        )
        expect(new Set(accounts.map((a) => a.referral_code)).size).toBe(30)
      })
    })

    describe("earning and spending", () => {
      it("keeps balances, lifetime totals and entries in step", async () => {
        const earned = await service.earnPoints({
          customer_id: "cus_a",
          points: 120,
          reason: "order",
          source_type: "order",
          source_id: "order_1",
          currency_code: "EUR",
          idempotency_key: key(),
          ...system,
        })
        expect(earned.replayed).toBe(false)
        expect(earned.entry).toEqual(
          expect.objectContaining({
            reason: "order",
            points: 120,
            available_delta: 120,
            balance_after: 120,
            source_id: "order_1",
            currency_code: "eur",
          })
        )
        const spent = await service.spendPoints({
          customer_id: "cus_a",
          points: 45,
          idempotency_key: key(),
          actor_type: "customer",
          actor_id: "cus_a",
        })
        expect(spent.entry).toEqual(
          expect.objectContaining({ reason: "redemption", points: -45, balance_after: 75 })
        )
        expect(spent.account).toEqual(
          expect.objectContaining({
            points_balance: 75,
            lifetime_points: 120,
            lifetime_redeemed: 45,
          })
        )
        await reconcileClean()
      })

      it("refuses to spend more than the available balance and writes nothing", async () => {
        await service.earnPoints({
          customer_id: "cus_b",
          points: 50,
          reason: "signup",
          idempotency_key: key(),
          ...system,
        })
        await expectRejection(
          service.spendPoints({ customer_id: "cus_b", points: 51, idempotency_key: key(), ...system }),
          MedusaError.Types.CONFLICT,
          /Not enough points: 50 available, 51 requested/
        )
        expect(await entriesOf("cus_b")).toHaveLength(1)
        const account = await service.retrieveOrCreateAccount("cus_b")
        expect(account.points_balance).toBe(50)
      })

      it.each([
        ["zero", 0, /must not be zero/],
        ["negative zero", -0, /must not be zero/],
        ["negative", -5, /must be positive/],
        ["fractional", 1.5, /whole number/],
        ["huge", 1e20, /at most 100000000/],
        ["not a number", "abc", /must be a number/],
        ["NaN", Number.NaN, /must be a number/],
      ])("refuses a %s amount with a clear message", async (_label, points, message) => {
        await expectRejection(
          service.earnPoints({
            customer_id: "cus_bad",
            points: points as number,
            reason: "order",
            idempotency_key: key(),
            ...system,
          }),
          MedusaError.Types.INVALID_DATA,
          message
        )
        const [{ count }] = await knex()("kapy_ledger_entry").count({ count: "*" })
        expect(Number(count)).toBe(0)
      })

      it("spends the soonest-expiring points first", async () => {
        const soon = new Date(Date.now() + 86_400_000 * 30)
        const late = new Date(Date.now() + 86_400_000 * 300)
        const never = await service.earnPoints({
          customer_id: "cus_lots", points: 100, reason: "order", idempotency_key: key(), ...system,
        })
        const lateLot = await service.earnPoints({
          customer_id: "cus_lots", points: 100, reason: "order", expires_at: late, idempotency_key: key(), ...system,
        })
        const soonLot = await service.earnPoints({
          customer_id: "cus_lots", points: 100, reason: "order", expires_at: soon, idempotency_key: key(), ...system,
        })
        await service.spendPoints({ customer_id: "cus_lots", points: 150, idempotency_key: key(), ...system })
        const lots = await knex()("kapy_points_lot").select("entry_id", "remaining")
        const remaining = Object.fromEntries(lots.map((l: any) => [l.entry_id, l.remaining]))
        expect(remaining[soonLot.entry.id]).toBe(0)
        expect(remaining[lateLot.entry.id]).toBe(50)
        expect(remaining[never.entry.id]).toBe(100)
        await reconcileClean()
      })
    })

    describe("concurrency", () => {
      it("lets exactly 20 of 50 concurrent spends of 10 through a balance of 200", async () => {
        await service.earnPoints({
          customer_id: "cus_race", points: 200, reason: "import", idempotency_key: key(), ...system,
        })
        const results = await Promise.allSettled(
          Array.from({ length: 50 }, (_, i) =>
            service.spendPoints({
              customer_id: "cus_race",
              points: 10,
              idempotency_key: `race-spend-${i}`,
              actor_type: "customer",
              actor_id: "cus_race",
            })
          )
        )
        const ok = results.filter((r) => r.status === "fulfilled")
        const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[]
        expect(ok).toHaveLength(20)
        expect(failed).toHaveLength(30)
        for (const f of failed) {
          expect(f.reason.type).toBe(MedusaError.Types.CONFLICT)
          expect(f.reason.message).toMatch(/Not enough points/)
        }
        const account = await service.retrieveOrCreateAccount("cus_race")
        expect(account.points_balance).toBe(0)
        expect(account.lifetime_redeemed).toBe(200)
        expect(await entriesOf("cus_race")).toHaveLength(21)
        await reconcileClean()
      })

      it("loses no update among 100 concurrent mixed earns and spends", async () => {
        await service.earnPoints({
          customer_id: "cus_mix", points: 1000, reason: "import", idempotency_key: key(), ...system,
        })
        const ops = Array.from({ length: 100 }, (_, i) => ({
          kind: i % 2 === 0 ? "earn" : "spend",
          points: 1 + ((i * 7) % 19),
        }))
        await Promise.all(
          ops.map((op, i) =>
            op.kind === "earn"
              ? service.earnPoints({
                  customer_id: "cus_mix", points: op.points, reason: "custom", idempotency_key: `mix-${i}`, ...system,
                })
              : service.spendPoints({
                  customer_id: "cus_mix", points: op.points, idempotency_key: `mix-${i}`, ...system,
                })
          )
        )
        const expected =
          1000 + ops.reduce((sum, op) => sum + (op.kind === "earn" ? op.points : -op.points), 0)
        const account = await service.retrieveOrCreateAccount("cus_mix")
        expect(account.points_balance).toBe(expected)
        expect(await entriesOf("cus_mix")).toHaveLength(101)
        await reconcileClean()
      })

      it("records an earn sent 5 times with one idempotency key once, also concurrently", async () => {
        const sequential: Awaited<ReturnType<typeof service.earnPoints>>[] = []
        for (let i = 0; i < 5; i++) {
          sequential.push(
            await service.earnPoints({
              customer_id: "cus_idem", points: 25, reason: "order", source_id: "order_x", idempotency_key: "order:order_x", ...system,
            })
          )
        }
        expect(sequential.map((r) => r.replayed)).toEqual([false, true, true, true, true])
        expect(new Set(sequential.map((r) => r.entry.id)).size).toBe(1)

        const concurrent = await Promise.all(
          Array.from({ length: 5 }, () =>
            service.earnPoints({
              customer_id: "cus_idem", points: 25, reason: "order", idempotency_key: "order:order_y", ...system,
            })
          )
        )
        expect(concurrent.filter((r) => !r.replayed)).toHaveLength(1)
        const account = await service.retrieveOrCreateAccount("cus_idem")
        expect(account.points_balance).toBe(50)
        expect(await entriesOf("cus_idem")).toHaveLength(2)
        await reconcileClean()
      })

      it("refuses an idempotency key already used for another member", async () => {
        await service.earnPoints({
          customer_id: "cus_k1", points: 5, reason: "custom", idempotency_key: "shared-key", ...system,
        })
        await expectRejection(
          service.earnPoints({
            customer_id: "cus_k2", points: 5, reason: "custom", idempotency_key: "shared-key", ...system,
          }),
          MedusaError.Types.CONFLICT,
          /already used for another account/
        )
        expect((await service.retrieveOrCreateAccount("cus_k2")).points_balance).toBe(0)
      })
    })

    describe("pending points", () => {
      const future = () => new Date(Date.now() + 14 * 86_400_000)

      it("keeps points pending and unspendable until released, and releases them once", async () => {
        const earn = await service.earnPoints({
          customer_id: "cus_p", points: 80, reason: "order", available_at: future(), idempotency_key: key(), ...system,
        })
        expect(earn.account).toEqual(
          expect.objectContaining({ points_balance: 0, points_pending: 80, lifetime_points: 80 })
        )
        await expectRejection(
          service.spendPoints({ customer_id: "cus_p", points: 10, idempotency_key: key(), ...system }),
          MedusaError.Types.CONFLICT
        )
        const notYet = await service.releasePendingPoints({ now: new Date() })
        expect(notYet.released_lots).toBe(0)

        const later = new Date(Date.now() + 15 * 86_400_000)
        const [first, second] = await Promise.all([
          service.releasePendingPoints({ now: later }),
          service.releasePendingPoints({ now: later }),
        ])
        expect(first.released_points + second.released_points).toBe(80)
        const again = await service.releasePendingPoints({ now: later })
        expect(again.released_lots).toBe(0)

        const account = await service.retrieveOrCreateAccount("cus_p")
        expect(account).toEqual(expect.objectContaining({ points_balance: 80, points_pending: 0 }))
        const releases = (await entriesOf("cus_p")).filter((e) => e.reason === "release")
        expect(releases).toHaveLength(1)
        expect(releases[0].origin_entry_id).toBe(earn.entry.id)
        await reconcileClean()
      })
    })

    describe("reversals", () => {
      it("takes a reversal from the entry's pending points first", async () => {
        await service.earnPoints({
          customer_id: "cus_r1", points: 30, reason: "signup", idempotency_key: key(), ...system,
        })
        const order = await service.earnPoints({
          customer_id: "cus_r1", points: 60, reason: "order", available_at: new Date(Date.now() + 86_400_000), idempotency_key: key(), ...system,
        })
        const reversal = await service.reversePoints({
          entry_id: order.entry.id, points: 40, idempotency_key: key(), ...system,
        })
        expect(reversal.entry).toEqual(
          expect.objectContaining({ reason: "reversal", pending_delta: -40, available_delta: 0, origin_entry_id: order.entry.id })
        )
        expect(reversal.account).toEqual(
          expect.objectContaining({ points_balance: 30, points_pending: 20, lifetime_points: 50 })
        )
        await reconcileClean()
      })

      it("may leave a debt that later earnings pay first", async () => {
        const order = await service.earnPoints({
          customer_id: "cus_debt", points: 100, reason: "order", idempotency_key: key(), ...system,
        })
        await service.spendPoints({ customer_id: "cus_debt", points: 80, idempotency_key: key(), ...system })
        const reversal = await service.reversePoints({ entry_id: order.entry.id, idempotency_key: key(), ...system })
        expect(reversal.account.points_balance).toBe(-80)

        const next = await service.earnPoints({
          customer_id: "cus_debt", points: 50, reason: "review", idempotency_key: key(), ...system,
        })
        expect(next.account.points_balance).toBe(-30)
        await expectRejection(
          service.spendPoints({ customer_id: "cus_debt", points: 1, idempotency_key: key(), ...system }),
          MedusaError.Types.CONFLICT
        )
        const paidOff = await service.earnPoints({
          customer_id: "cus_debt", points: 50, reason: "review", idempotency_key: key(), ...system,
        })
        expect(paidOff.account.points_balance).toBe(20)
        const lot = await knex()("kapy_points_lot").where({ entry_id: paidOff.entry.id }).first()
        expect(lot.remaining).toBe(20)
        await reconcileClean()
      })

      it("never reverses more than the entry credited, over several partial reversals", async () => {
        const order = await service.earnPoints({
          customer_id: "cus_r2", points: 10, reason: "order", idempotency_key: key(), ...system,
        })
        await service.reversePoints({ entry_id: order.entry.id, points: 4, idempotency_key: key(), ...system })
        await service.reversePoints({ entry_id: order.entry.id, points: 4, idempotency_key: key(), ...system })
        await expectRejection(
          service.reversePoints({ entry_id: order.entry.id, points: 4, idempotency_key: key(), ...system }),
          MedusaError.Types.CONFLICT,
          /has 2 points left to reverse; 4 requested/
        )
        const last = await service.reversePoints({ entry_id: order.entry.id, idempotency_key: key(), ...system })
        expect(last.entry.points).toBe(-2)
        expect(last.account.points_balance).toBe(0)
        await reconcileClean()
      })

      it("gives spent points back when a redemption is reversed", async () => {
        await service.earnPoints({
          customer_id: "cus_r3", points: 500, reason: "order", idempotency_key: key(), ...system,
        })
        const spend = await service.spendPoints({ customer_id: "cus_r3", points: 300, idempotency_key: key(), ...system })
        const back = await service.reversePoints({ entry_id: spend.entry.id, points: 100, idempotency_key: key(), ...system })
        expect(back.account).toEqual(
          expect.objectContaining({ points_balance: 300, lifetime_redeemed: 200, lifetime_points: 500 })
        )
        await expectRejection(
          service.reversePoints({ entry_id: back.entry.id, idempotency_key: key(), ...system }),
          MedusaError.Types.INVALID_DATA,
          /cannot be reversed/
        )
        await reconcileClean()
      })
    })

    describe("adjustments", () => {
      it("credits and debits, but never below zero", async () => {
        const up = await service.adjustPoints({
          customer_id: "cus_adj", points: 70, note: "goodwill", idempotency_key: key(), actor_type: "user", actor_id: "user_1",
        })
        expect(up.entry).toEqual(
          expect.objectContaining({ reason: "adjustment", points: 70, note: "goodwill", actor_type: "user", actor_id: "user_1" })
        )
        const down = await service.adjustPoints({
          customer_id: "cus_adj", points: -20, note: "typo", idempotency_key: key(), actor_type: "user", actor_id: "user_1",
        })
        expect(down.account).toEqual(expect.objectContaining({ points_balance: 50, lifetime_points: 50 }))
        await expectRejection(
          service.adjustPoints({ customer_id: "cus_adj", points: -51, idempotency_key: key(), ...system }),
          MedusaError.Types.CONFLICT
        )
        await reconcileClean()
      })
    })

    describe("append-only ledger", () => {
      it("refuses to update or delete entries through the service and in the database", async () => {
        const { entry } = await service.earnPoints({
          customer_id: "cus_ao", points: 10, reason: "custom", idempotency_key: key(), ...system,
        })
        await expectRejection((service as any).updateLoyaltyEntries({ id: entry.id, points: 99 }), MedusaError.Types.NOT_ALLOWED)
        await expectRejection((service as any).deleteLoyaltyEntries([entry.id]), MedusaError.Types.NOT_ALLOWED)
        await expect(knex()("kapy_ledger_entry").where({ id: entry.id }).update({ points: 99 })).rejects.toThrow(/append-only/)
        await expect(knex()("kapy_ledger_entry").where({ id: entry.id }).delete()).rejects.toThrow(/append-only/)
        const [stored] = await service.listLoyaltyEntries({ id: entry.id })
        expect(stored.points).toBe(10)
      })
    })

    describe("reconcile", () => {
      it("reports an account whose stored balance drifted from its entries", async () => {
        const { account } = await service.earnPoints({
          customer_id: "cus_drift", points: 10, reason: "custom", idempotency_key: key(), ...system,
        })
        await knex()("kapy_account").where({ id: account.id }).update({ points_balance: 11 })
        const report = await service.reconcile()
        expect(report.drifts).toEqual(
          expect.arrayContaining([
            { account_id: account.id, field: "points_balance", stored: 11, expected: 10 },
          ])
        )
      })
    })

    describe("voided entries (a workflow's compensation)", () => {
      it("counts an earn voided by a compensation as not done: the retry with the same key earns", async () => {
        const first = await service.earnPoints({
          customer_id: "cus_void", points: 49, reason: "order", idempotency_key: "order:o_void", ...system,
        })
        const voided = await service.voidEntry({ entry_id: first.entry.id, ...system })
        expect(voided!.entry).toEqual(expect.objectContaining({ points: -49, voids_entry_id: first.entry.id, reason: "reversal" }))
        expect(voided!.account.points_balance).toBe(0)
        // voiding twice voids once
        expect(await service.voidEntry({ entry_id: first.entry.id, ...system })).toBeNull()

        // the redelivered event, five times at once: one new entry, stored as the key's second attempt
        const retries = await Promise.all(
          Array.from({ length: 5 }, () =>
            service.earnPoints({ customer_id: "cus_void", points: 49, reason: "order", idempotency_key: "order:o_void", ...system })
          )
        )
        expect(retries.filter((r) => !r.replayed)).toHaveLength(1)
        const written = retries.find((r) => !r.replayed)!
        expect(written.entry).toEqual(
          expect.objectContaining({ idempotency_key: "order:o_void#2", idempotency_scope: "order:o_void", points: 49 })
        )
        expect((await service.retrieveMember({ customer_id: "cus_void" }))!.points_balance).toBe(49)
        expect((await service.findOrderEarning("o_void"))!.entry.id).toBe(written.entry.id)
        await reconcileClean()
      })

      it("lets a checkout retried after a refused payment take the points again, once", async () => {
        await service.earnPoints({ customer_id: "cus_retry", points: 1000, reason: "custom", idempotency_key: key(), ...system })
        const spend = () =>
          service.spendPoints({ customer_id: "cus_retry", points: 400, idempotency_key: "redemption:cart_r", source_type: "cart", source_id: "cart_r", ...system })
        const attempt1 = await spend()
        await service.voidEntry({ entry_id: attempt1.entry.id, ...system })
        expect(await service.findCartRedemption("cart_r")).toBeNull()
        const attempt2 = await spend()
        expect(attempt2.replayed).toBe(false)
        expect((await spend()).replayed).toBe(true)
        expect(await service.findCartRedemption("cart_r")).toEqual(
          expect.objectContaining({ points: 400, returned: 0, entry: expect.objectContaining({ id: attempt2.entry.id }) })
        )
        expect((await service.retrieveMember({ customer_id: "cus_retry" }))!.points_balance).toBe(600)
        await reconcileClean()
      })

      it("refuses a spend its account's lots cannot cover, writing nothing", async () => {
        const { account } = await service.earnPoints({ customer_id: "cus_short", points: 100, reason: "custom", idempotency_key: key(), ...system })
        // lots that drifted from the balance (only a bug or a hand-written query could do this)
        await knex()("kapy_points_lot").where({ account_id: account.id }).update({ remaining: 10 })
        await expectRejection(
          service.spendPoints({ customer_id: "cus_short", points: 50, idempotency_key: key(), ...system }),
          MedusaError.Types.UNEXPECTED_STATE,
          /lots hold 10 of the 50 points/
        )
        expect((await service.retrieveMember({ customer_id: "cus_short" }))!.points_balance).toBe(100)
        expect(await entriesOf("cus_short")).toHaveLength(1)
      })
    })

    describe("program", () => {
      it("starts with PRODUCT.md's defaults and the three default tiers", async () => {
        const settings = await service.retrieveProgramSettings()
        expect(settings.unit.en).toEqual({ one: "cone", other: "cones" })
        expect(settings.unit.fi).toEqual({ one: "käpy", other: "käpyä" })
        expect(settings.earning.rates).toEqual({ eur: "1" })
        expect(settings.earning.pending_days).toBe(14)
        expect(settings.redemption).toEqual(
          expect.objectContaining({ rates: { eur: "100" }, min_points: 100, max_cart_share_percent: 100 })
        )
        const tiers = await service.listLoyaltyTiers({}, { order: { rank: "ASC" } })
        expect(tiers.map((t) => [t.name, Number(t.threshold), Number(t.multiplier)])).toEqual([
          ["Bronze", 0, 1],
          ["Silver", 300, 1.25],
          ["Gold", 1000, 1.5],
        ])
      })

      it("validates a settings change as a whole and writes nothing when it is wrong", async () => {
        await service.updateProgramSettings({ earning: { pending_days: 7 } })
        await expectRejection(
          service.updateProgramSettings({ redemption: { min_points: -1 } }),
          MedusaError.Types.INVALID_DATA,
          /redemption.min_points/
        )
        const settings = await service.retrieveProgramSettings()
        expect(settings.earning.pending_days).toBe(7)
        expect(settings.redemption.min_points).toBe(100)
      })
    })
  },
})
