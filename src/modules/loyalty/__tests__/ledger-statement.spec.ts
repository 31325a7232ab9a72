import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { MedusaError } from "@medusajs/framework/utils"
import path from "path"
import { KAPY_LOYALTY_MODULE } from ".."
import {
  AccountTotals,
  attemptKey,
  creditDeltas,
  creditLotRemaining,
  debitDeltas,
  EntryDeltas,
  keyOfAnotherAccount,
  keyReuseProblem,
  shortfall,
  totalsAfter,
} from "../../../rules/ledger"
import type LoyaltyModuleService from "../service"

jest.setTimeout(180_000)

const system = { actor_type: "system" as const, actor_id: "test" }
let keySeq = 0
const key = (label = "k") => `${label}-${++keySeq}-${Math.random().toString(36).slice(2)}`

async function rejection(promise: Promise<unknown>): Promise<any> {
  return await promise.then(
    () => {
      throw new Error("expected a refusal")
    },
    (e) => e
  )
}

const totals = (a: AccountTotals) => ({
  points_balance: a.points_balance,
  points_pending: a.points_pending,
  lifetime_points: a.lifetime_points,
  lifetime_redeemed: a.lifetime_redeemed,
})

/**
 * An earn, a spend and an adjustment are one statement (`kapy_ledger_write`,
 * Migration20261208000100), which reproduces rules of src/rules/ledger.ts
 * in SQL: the totals after an entry, a credit's lot under a debt, the
 * shortfall, a key reused for another change, the next attempt's key. These
 * cases run the statement (through the service, by account id: the
 * statement alone, no transaction around it) and the rule functions on the
 * same inputs and ask for the same answers; and they race it.
 */
moduleIntegrationTestRunner<LoyaltyModuleService>({
  moduleName: KAPY_LOYALTY_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "../migrations"),
  testSuite: ({ service, MikroOrmWrapper }) => {
    const knex = () => MikroOrmWrapper.getManager().getKnex()

    async function reconcileClean() {
      const report = await service.reconcile()
      expect(report.drifts).toEqual([])
    }

    async function openAccount(customerId: string) {
      return (await service.retrieveOrCreateAccount(customerId)).id
    }

    /** An account by id holding `balance` available points (a debt when negative: earned, spent, the earn reversed). */
    async function accountHolding(customerId: string, balance: number) {
      const id = await openAccount(customerId)
      if (balance > 0) {
        await service.earnPoints({ account_id: id, points: balance, reason: "custom", idempotency_key: key("seed"), ...system })
      } else if (balance < 0) {
        const earned = await service.earnPoints({ account_id: id, points: -balance, reason: "custom", idempotency_key: key("seed"), ...system })
        await service.spendPoints({ account_id: id, points: -balance, idempotency_key: key("seed"), ...system })
        await service.reversePoints({ entry_id: earned.entry.id, idempotency_key: key("seed"), ...system })
      }
      expect((await service.retrieveMember({ account_id: id }))!.points_balance).toBe(balance)
      return id
    }

    it("computes a credit's lot in SQL as creditLotRemaining does", async () => {
      for (const points of [1, 5, 100]) {
        for (const status of ["pending", "available"] as const) {
          for (const balance of [-200, -100, -5, -1, 0, 1, 50]) {
            const { rows } = await knex().raw(`SELECT kapy_credit_lot_remaining(?, ?, ?) AS remaining`, [points, status, balance])
            expect({ points, status, balance, remaining: rows[0].remaining }).toEqual({
              points,
              status,
              balance,
              remaining: creditLotRemaining(points, status, balance),
            })
          }
        }
      }
    })

    it("names a scope's attempts in SQL as attemptKey does", async () => {
      for (const attempts of [0, 1, 2, 9, 10, 123]) {
        const { rows } = await knex().raw(`SELECT kapy_attempt_key(?, ?) AS key`, ["order:o#1", attempts])
        expect({ attempts, key: rows[0].key }).toEqual({ attempts, key: attemptKey("order:o#1", attempts) })
      }
    })

    it("refuses a spend exactly when shortfall says, in its words, and otherwise moves the totals as totalsAfter does", async () => {
      let n = 0
      for (const balance of [-10, 0, 1, 10, 50]) {
        for (const points of [1, 10, 11, 50]) {
          const id = await accountHolding(`cus_short_${n++}`, balance)
          const before = (await service.retrieveMember({ account_id: id }))!
          const problem = shortfall(balance, points)
          const spend = service.spendPoints({ account_id: id, points, idempotency_key: key("spend"), ...system })
          if (problem) {
            const error = await rejection(spend)
            expect({ balance, points, type: error.type, message: error.message }).toEqual({ balance, points, type: MedusaError.Types.CONFLICT, message: problem })
            expect(totals((await service.retrieveMember({ account_id: id }))!)).toEqual(totals(before))
          } else {
            const { account, entry } = await spend
            const expected = totalsAfter(totals(before), debitDeltas(points, { redeemed: true, lifetime: false }))
            expect({ balance, points, after: totals(account) }).toEqual({ balance, points, after: expected })
            expect(totals((await service.retrieveMember({ account_id: id }))!)).toEqual(expected)
            expect([entry.balance_after, entry.pending_after]).toEqual([expected.points_balance, expected.points_pending])
          }
        }
      }
      await reconcileClean()
    })

    it("moves the totals as totalsAfter does and gives a credit's lot what creditLotRemaining says, for every kind of move", async () => {
      const id = await accountHolding("cus_moves", -7)
      const later = new Date(Date.now() + 86_400_000)
      const moves: { run: () => Promise<any>; deltas: EntryDeltas; lot?: { points: number; status: "pending" | "available" } }[] = [
        // pays the debt of 7 first: its lot holds 3
        { run: () => service.earnPoints({ account_id: id, points: 10, reason: "order", idempotency_key: key(), ...system }), deltas: creditDeltas(10, { pending: false }), lot: { points: 10, status: "available" } },
        { run: () => service.earnPoints({ account_id: id, points: 6, reason: "order", available_at: later, idempotency_key: key(), ...system }), deltas: creditDeltas(6, { pending: true }), lot: { points: 6, status: "pending" } },
        { run: () => service.adjustPoints({ account_id: id, points: 20, idempotency_key: key(), ...system }), deltas: creditDeltas(20, { pending: false }), lot: { points: 20, status: "available" } },
        { run: () => service.adjustPoints({ account_id: id, points: -4, idempotency_key: key(), ...system }), deltas: debitDeltas(4, { redeemed: false, lifetime: true }) },
        { run: () => service.spendPoints({ account_id: id, points: 5, idempotency_key: key(), ...system }), deltas: debitDeltas(5, { redeemed: true, lifetime: false }) },
        { run: () => service.spendPoints({ account_id: id, points: 2, reason: "expiry", idempotency_key: key(), ...system }), deltas: debitDeltas(2, { redeemed: false, lifetime: false }) },
      ]
      for (const [i, move] of moves.entries()) {
        const before = (await service.retrieveMember({ account_id: id }))!
        const { account, entry } = await move.run()
        const expected = totalsAfter(totals(before), move.deltas)
        expect({ move: i, after: totals(account) }).toEqual({ move: i, after: expected })
        expect({ move: i, stored: totals((await service.retrieveMember({ account_id: id }))!) }).toEqual({ move: i, stored: expected })
        expect(entry).toEqual(
          expect.objectContaining({
            account_id: id,
            points: move.deltas.available_delta + move.deltas.pending_delta,
            available_delta: move.deltas.available_delta,
            pending_delta: move.deltas.pending_delta,
            lifetime_delta: move.deltas.lifetime_delta,
            redeemed_delta: move.deltas.redeemed_delta,
            balance_after: expected.points_balance,
            pending_after: expected.points_pending,
          })
        )
        expect(entry.created_at).toBeInstanceOf(Date)
        const lots = await knex()("kapy_points_lot").where({ entry_id: entry.id })
        expect({ move: i, lots: lots.map((l: any) => [l.status, l.points, l.remaining]) }).toEqual({
          move: i,
          lots: move.lot ? [[move.lot.status, move.lot.points, creditLotRemaining(move.lot.points, move.lot.status, before.points_balance)]] : [],
        })
      }
      await reconcileClean()
    })

    it("answers a key's replay with its entry, and refuses the key for another change in keyReuseProblem's words", async () => {
      const id = await accountHolding("cus_keys", 100)
      const earnKey = key("earn")
      const first = await service.earnPoints({ account_id: id, points: 25, reason: "order", idempotency_key: earnKey, ...system })
      const again = await service.earnPoints({ account_id: id, points: 25, reason: "order", idempotency_key: earnKey, ...system })
      expect(again).toEqual(expect.objectContaining({ replayed: true, entry: expect.objectContaining({ id: first.entry.id, created_at: first.entry.created_at }) }))
      expect(again.account.points_balance).toBe(125)

      const spendKey = key("spend")
      await service.spendPoints({ account_id: id, points: 30, idempotency_key: spendKey, ...system })
      const cases = [
        { write: () => service.earnPoints({ account_id: id, points: 26, reason: "order", idempotency_key: earnKey, ...system }), key: earnKey, recorded: 25, expected: 26 },
        { write: () => service.adjustPoints({ account_id: id, points: -25, idempotency_key: earnKey, ...system }), key: earnKey, recorded: 25, expected: -25 },
        { write: () => service.spendPoints({ account_id: id, points: 31, idempotency_key: spendKey, ...system }), key: spendKey, recorded: -30, expected: -31 },
        { write: () => service.earnPoints({ account_id: id, points: 30, reason: "order", idempotency_key: spendKey, ...system }), key: spendKey, recorded: -30, expected: 30 },
      ]
      for (const c of cases) {
        const error = await rejection(c.write())
        expect([error.type, error.message]).toEqual([MedusaError.Types.CONFLICT, keyReuseProblem(c.key, c.recorded, c.expected)])
      }
      // the spend's own replay is answered, even with fewer points left than it took
      expect((await service.spendPoints({ account_id: id, points: 30, idempotency_key: spendKey, ...system })).replayed).toBe(true)
      expect((await service.retrieveMember({ account_id: id }))!.points_balance).toBe(95)

      // another member's key
      const other = await accountHolding("cus_keys_other", 0)
      const error = await rejection(service.earnPoints({ account_id: other, points: 25, reason: "order", idempotency_key: earnKey, ...system }))
      expect([error.type, error.message]).toEqual([MedusaError.Types.CONFLICT, keyOfAnotherAccount(earnKey)])
      await reconcileClean()
    })

    it("stores a retry after a void as the scope's next attempt, and replays it", async () => {
      const id = await accountHolding("cus_attempts", 0)
      const scope = key("order")
      for (let attempt = 0; attempt < 3; attempt++) {
        const written = await service.earnPoints({ account_id: id, points: 7, reason: "order", idempotency_key: scope, ...system })
        expect(written.entry).toEqual(expect.objectContaining({ idempotency_key: attemptKey(scope, attempt), idempotency_scope: scope }))
        expect((await service.earnPoints({ account_id: id, points: 7, reason: "order", idempotency_key: scope, ...system })).replayed).toBe(true)
        await service.voidEntry({ entry_id: written.entry.id, ...system })
      }
      expect((await service.retrieveMember({ account_id: id }))!.points_balance).toBe(0)
      await reconcileClean()
    })

    it("follows merges to the account that stays, answers a key written before the merge, and refuses closed and unknown accounts", async () => {
      const from = await accountHolding("cus_merge_from", 10)
      const into = await accountHolding("cus_merge_into", 5)
      const before = key("before-merge")
      const early = await service.earnPoints({ account_id: from, points: 3, reason: "order", idempotency_key: before, ...system })
      await service.mergeAccounts({ from_account_id: from, into_account_id: into, ...system })

      const viaMerged = await service.earnPoints({ account_id: from, points: 2, reason: "order", idempotency_key: key(), ...system })
      expect(viaMerged.entry.account_id).toBe(into)
      // the account as a read of it gives it (its first customer, now the merged one's)
      expect(viaMerged.account).toEqual(await service.retrieveMember({ account_id: into }))
      expect(viaMerged.account.points_balance).toBe(20)
      const replay = await service.earnPoints({ account_id: into, points: 3, reason: "order", idempotency_key: before, ...system })
      expect(replay).toEqual(expect.objectContaining({ replayed: true, entry: expect.objectContaining({ id: early.entry.id, account_id: from }) }))
      expect((await service.spendPoints({ account_id: from, points: 20, idempotency_key: key(), ...system })).account.points_balance).toBe(0)

      const closing = await accountHolding("cus_closed", 4)
      await service.leaveProgram({ account_id: closing, ...system })
      const closed = await rejection(service.earnPoints({ account_id: closing, points: 1, reason: "order", idempotency_key: key(), ...system }))
      expect([closed.type, closed.message]).toEqual([MedusaError.Types.NOT_ALLOWED, `Loyalty account ${closing} is closed`])

      const unknown = await rejection(service.spendPoints({ account_id: "kacc_nobody", points: 1, idempotency_key: key(), ...system }))
      expect([unknown.type, unknown.message]).toEqual([MedusaError.Types.NOT_FOUND, "Loyalty account kacc_nobody was not found"])
      await reconcileClean()
    })

    it("refuses inside a caller's transaction without breaking it: the caller's next write in it commits", async () => {
      const id = await accountHolding("cus_in_trx", 5)
      await MikroOrmWrapper.getManager()
        .fork()
        .transactional(async (em: any) => {
          const refused = await rejection(service.spendPoints({ account_id: id, points: 50, idempotency_key: key(), ...system }, { transactionManager: em }))
          expect(refused.message).toBe(shortfall(5, 50))
          await service.spendPoints({ account_id: id, points: 5, idempotency_key: key(), ...system }, { transactionManager: em })
        })
      expect((await service.retrieveMember({ account_id: id }))!.points_balance).toBe(0)
      await reconcileClean()
    })

    describe("racing the statement on one account", () => {
      it("lets exactly the affordable ones of 20 concurrent spends of the same points through, never below zero", async () => {
        const id = await accountHolding("cus_race", 95)
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) =>
            service.spendPoints({ account_id: id, points: 10, idempotency_key: `race-${id}-${i}`, actor_type: "customer", actor_id: "cus_race" })
          )
        )
        const ok = results.filter((r) => r.status === "fulfilled") as PromiseFulfilledResult<any>[]
        const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[]
        expect(ok).toHaveLength(9)
        expect(failed).toHaveLength(11)
        for (const f of failed) {
          expect([f.reason.type, f.reason.message]).toEqual([MedusaError.Types.CONFLICT, "Not enough points: 5 available, 10 requested"])
        }
        // each spend saw the balance the one before it left: 85, 75, … 5, each once
        expect(ok.map((r) => r.value.account.points_balance).sort((a, b) => a - b)).toEqual([5, 15, 25, 35, 45, 55, 65, 75, 85])
        const entries = await knex()("kapy_ledger_entry").where({ account_id: id })
        expect(entries.every((e: any) => e.balance_after >= 0)).toBe(true)
        expect(entries.filter((e: any) => e.reason === "redemption")).toHaveLength(9)
        const account = (await service.retrieveMember({ account_id: id }))!
        expect([account.points_balance, account.lifetime_redeemed]).toEqual([5, 90])
        const [{ held }] = await knex()("kapy_points_lot").where({ account_id: id, status: "available" }).sum({ held: "remaining" })
        expect(Number(held)).toBe(5)
        await reconcileClean()
      })

      it("loses no update among 60 concurrent earns and spends, and writes a key sent 6 times at once once", async () => {
        const id = await accountHolding("cus_race_mix", 300)
        const ops = Array.from({ length: 60 }, (_, i) => ({ earn: i % 2 === 0, points: 1 + ((i * 7) % 13) }))
        const sameKey = key("same")
        const answers = await Promise.all([
          ...ops.map((op, i) =>
            op.earn
              ? service.earnPoints({ account_id: id, points: op.points, reason: "custom", idempotency_key: `mix-${id}-${i}`, ...system })
              : service.spendPoints({ account_id: id, points: op.points, idempotency_key: `mix-${id}-${i}`, ...system })
          ),
          ...Array.from({ length: 6 }, () => service.earnPoints({ account_id: id, points: 11, reason: "order", idempotency_key: sameKey, ...system })),
        ])
        expect(answers.slice(60).filter((a) => !a.replayed)).toHaveLength(1)
        const expected = 300 + 11 + ops.reduce((sum, op) => sum + (op.earn ? op.points : -op.points), 0)
        expect((await service.retrieveMember({ account_id: id }))!.points_balance).toBe(expected)
        // the seed, the 60 and the one of the 6
        expect(await knex()("kapy_ledger_entry").where({ account_id: id })).toHaveLength(62)
        await reconcileClean()
      })
    })
  },
})
