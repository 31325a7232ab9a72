import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { KAPY_LOYALTY_MODULE } from ".."
import LoyaltyModuleService from "../service"
import type { BulkPointsResult, BulkPointsWrite } from "../../../types/loyalty"
import { eventually } from "../../../../integration-tests/helpers"
import { LedgerStore } from "../ledger/ledger-store"
import { MemberStore } from "../members/member-store"

jest.setTimeout(300_000)

const admin = { actor_type: "user" as const, actor_id: "user_test" }

moduleIntegrationTestRunner<LoyaltyModuleService>({
  moduleName: KAPY_LOYALTY_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "../migrations"),
  dbName: "kapy-loyalty-bulk-writes",
  testSuite: ({ service, MikroOrmWrapper }) => {
    const knex = () => MikroOrmWrapper.getManager().getKnex()

    async function reconcileClean() {
      const report = await service.reconcile()
      expect(report.drifts).toEqual([])
    }

    const award = (customer_id: string, points: number, key: string, note = "Store event"): BulkPointsWrite =>
      points > 0
        ? { earn: { customer_id, points, reason: "import", idempotency_key: key, source_type: "import", note, ...admin } }
        : { adjust: { customer_id, points, idempotency_key: key, source_type: "import", note, ...admin } }

    /** The same writes one call at a time, each answered as the bulk path answers a row. */
    async function oneByOne(writes: BulkPointsWrite[]): Promise<BulkPointsResult[]> {
      const results: BulkPointsResult[] = []
      for (const w of writes) {
        try {
          results.push({ ok: true, result: w.earn ? await service.earnPoints(w.earn) : await service.adjustPoints(w.adjust!) })
        } catch (error: any) {
          results.push({ ok: false, type: error.type, message: error.message })
        }
      }
      return results
    }

    /** What the ledger holds of a customer: entries, lots and totals, without ids and times. */
    async function ledgerOf(customerId: string, group: string) {
      const account = await service.retrieveMember({ customer_id: customerId })
      if (!account) {
        return null
      }
      const entries = await knex()("kapy_ledger_entry").where({ account_id: account.id }).orderBy([{ column: "created_at" }, { column: "id" }])
      const lots = await knex()("kapy_points_lot").where({ account_id: account.id }).orderBy([{ column: "created_at" }, { column: "id" }])
      const entryOrder = new Map(entries.map((e: any, i: number) => [e.id, i]))
      // keys that name an entry or an account (a void's, a forfeit's) name different rows on the two paths
      const plain = (key: string) => key.replace(group, "G").replace(/\b(kent|kacc)_[0-9A-Z]+/g, "$1")
      return {
        totals: {
          points_balance: account.points_balance,
          points_pending: account.points_pending,
          lifetime_points: account.lifetime_points,
          lifetime_redeemed: account.lifetime_redeemed,
          status: account.status,
        },
        entries: entries.map((e: any) => ({
          reason: e.reason,
          points: e.points,
          deltas: [e.available_delta, e.pending_delta, e.lifetime_delta, e.redeemed_delta],
          after: [e.balance_after, e.pending_after],
          key: plain(e.idempotency_key),
          scope: plain(e.idempotency_scope),
          context: [e.source_type, e.source_id && plain(e.source_id), e.note, e.actor_type, e.actor_id, e.sales_channel_id, e.currency_code, e.voids_entry_id === null],
        })),
        lots: lots.map((l: any) => ({ of: entryOrder.get(l.entry_id), status: l.status, points: l.points, remaining: l.remaining, expires_at: l.expires_at })),
      }
    }

    /**
     * The state both paths start from, for the customers of `group`: c1 with
     * 10 points and a key voided by a compensation, c2 owing 3 points (a
     * reversal after spending), c3 with 2 points, c4 closed, c5 holding a
     * key c1's rows will try to reuse.
     */
    async function prepare(group: string) {
      const c = (n: number) => `cus_${group}_${n}`
      await service.earnPoints({ customer_id: c(1), points: 10, reason: "custom", idempotency_key: `${group}-seed-1`, ...admin })
      const voided = await service.earnPoints({ customer_id: c(1), points: 4, reason: "import", idempotency_key: `${group}-voided`, source_type: "import", ...admin })
      await service.voidEntry({ entry_id: voided.entry.id, ...admin })
      const earned = await service.earnPoints({ customer_id: c(2), points: 5, reason: "custom", idempotency_key: `${group}-seed-2`, ...admin })
      await service.spendPoints({ customer_id: c(2), points: 5, reason: "redemption", idempotency_key: `${group}-spend-2`, ...admin })
      await service.reversePoints({ entry_id: earned.entry.id, points: 3, idempotency_key: `${group}-reverse-2`, ...admin })
      await service.earnPoints({ customer_id: c(3), points: 2, reason: "custom", idempotency_key: `${group}-seed-3`, ...admin })
      const closing = await service.earnPoints({ customer_id: c(4), points: 1, reason: "custom", idempotency_key: `${group}-seed-4`, ...admin })
      await service.leaveProgram({ account_id: closing.account.id, ...admin })
      await service.earnPoints({ customer_id: c(5), points: 1, reason: "import", idempotency_key: `${group}-taken`, source_type: "import", ...admin })
    }

    /** One file's rows: credits, debits between them, and every refusal a row can meet. */
    function rows(group: string): BulkPointsWrite[] {
      const c = (n: number) => `cus_${group}_${n}`
      return [
        award(c(1), 5, `${group}-a`),
        award(c(1), -12, `${group}-b`), // takes the seed's lot and part of the row before
        award(c(1), 2, `${group}-c`),
        award(c(2), 5, `${group}-d`), // pays the debt of 3 first: its lot holds 2
        award(c(3), -100, `${group}-e`), // not enough points
        award(c(4), 5, `${group}-f`), // closed
        award(c(1), 5, `${group}-a`), // the same row again: a replay of the first
        award(c(1), 7, `${group}-a`), // the same key for another amount
        award(c(1), 1, `${group}-taken`), // c5's key
        award(c(6), 4, `${group}-g`), // no account yet
        award(c(1), 4, `${group}-voided`), // voided before: stored as the scope's next attempt
        award(c(3), 200_000_000, `${group}-h`), // too large
        award(c(2), -2, `${group}-i`), // what the debt's payer left
        award(c(3), -2, `${group}-j`),
        award(c(3), -1, `${group}-k`), // nothing left
        award(c(6), 3, `${group}-g`), // the key of the new account's row, another amount
      ]
    }

    const answers = (results: BulkPointsResult[], group: string, accountIds: Map<string, string>) =>
      results.map((r) =>
        r.ok
          ? { ok: true, replayed: r.result.replayed, points: r.result.entry.points, balance: r.result.account.points_balance }
          : { ok: false, type: r.type, message: [...accountIds].reduce((m, [id, name]) => m.split(id).join(name), r.message).split(group).join("G") }
      )

    async function accountNames(group: string) {
      const names = new Map<string, string>()
      for (let n = 1; n <= 6; n++) {
        const account = await service.retrieveMember({ customer_id: `cus_${group}_${n}` })
        if (account) {
          names.set(account.id, `account-${n}`)
        }
      }
      return names
    }

    it("writes each row of a chunk as its single write would: entries, lots, totals and every refusal with its message", async () => {
      await prepare("single")
      await prepare("bulk")
      const single = await oneByOne(rows("single"))
      const bulk = await service.writePointsInBulk(rows("bulk"))

      expect(answers(bulk, "bulk", await accountNames("bulk"))).toEqual(answers(single, "single", await accountNames("single")))
      for (let n = 1; n <= 6; n++) {
        expect(await ledgerOf(`cus_bulk_${n}`, "bulk")).toEqual(await ledgerOf(`cus_single_${n}`, "single"))
      }
      // what the rows say, so that equality above is not two paths agreeing on nothing
      expect(answers(bulk, "bulk", await accountNames("bulk")).map((a: any) => (a.ok ? (a.replayed ? "replay" : "written") : a.message))).toEqual([
        "written",
        "written",
        "written",
        "written",
        "Not enough points: 2 available, 100 requested",
        "Loyalty account account-4 is closed",
        "replay",
        "Idempotency key G-a was already used for a change of 5 points, not 7",
        "Idempotency key G-taken was already used for another account",
        "written",
        "written",
        "points must be at most 100000000 in absolute value",
        "written",
        "written",
        "Not enough points: 0 available, 1 requested",
        "Idempotency key G-g was already used for a change of 4 points, not 3",
      ])
      const c1 = await ledgerOf("cus_bulk_1", "bulk")
      expect(c1!.totals).toEqual(expect.objectContaining({ points_balance: 9, lifetime_points: 9 }))
      expect(c1!.entries.map((e) => e.key)).toContain("G-voided#2")
      const c2 = await ledgerOf("cus_bulk_2", "bulk")
      expect(c2!.lots[c2!.lots.length - 1]).toEqual(expect.objectContaining({ points: 5, remaining: 0 }))
      await reconcileClean()
    })

    it("answers the same chunk again as replays of the same entries and writes nothing", async () => {
      await prepare("again")
      const first = await service.writePointsInBulk(rows("again"))
      const [{ n: before }] = await knex()("kapy_ledger_entry").count("* as n")
      const second = await service.writePointsInBulk(rows("again"))
      const [{ n: after }] = await knex()("kapy_ledger_entry").count("* as n")
      expect(after).toEqual(before)
      second.forEach((r, i) => {
        const was = first[i]
        if (!was.ok) {
          // the refusals stay refusals (a debit refused for want of points may now be refused for the same reason)
          expect(r.ok).toBe(false)
          return
        }
        expect(r).toEqual({ ok: true, result: expect.objectContaining({ replayed: true, entry: expect.objectContaining({ id: was.result.entry.id }) }) })
      })
      await reconcileClean()
    })

    it("writes a chunk of 500 rows over 100 accounts in a handful of statements, not one write per row", async () => {
      const customers = Array.from({ length: 100 }, (_, i) => `cus_count_${i}`)
      for (const c of customers) {
        await service.earnPoints({ customer_id: c, points: 1, reason: "custom", idempotency_key: `count-seed-${c}`, ...admin })
      }
      const writes = Array.from({ length: 500 }, (_, i) => award(customers[i % 100], 1 + (i % 3), `count-${i}`))
      const statements: string[] = []
      const count = (q: { sql: string }) => statements.push(q.sql)
      // the module's own connection (its repository's manager), which every statement of the call goes through
      const moduleKnex = (service as any).baseRepository_.getFreshManager().getKnex()
      moduleKnex.on("query", count)
      try {
        const results = await service.writePointsInBulk(writes)
        expect(results.filter((r) => r.ok && !r.result.replayed)).toHaveLength(500)
      } finally {
        moduleKnex.removeListener("query", count)
      }
      // identities, locks, keys, entries, lots, totals — and the transaction and savepoint around them
      const writesOf = (table: string) => statements.filter((s) => new RegExp(`^(insert into|update) "?${table}"?`, "i").test(s.trim()))
      expect(writesOf("kapy_ledger_entry")).toHaveLength(1)
      expect(writesOf("kapy_points_lot")).toHaveLength(1)
      expect(writesOf("kapy_account")).toHaveLength(1)
      expect(statements.length).toBeLessThanOrEqual(10)
      await reconcileClean()
    })

    it("writes the chunk one row at a time when its bulk insert meets a key another account's write took meanwhile", async () => {
      await service.earnPoints({ customer_id: "cus_fb_z", points: 1, reason: "custom", idempotency_key: "fb-seed-z", ...admin })
      const y = await service.earnPoints({ customer_id: "cus_fb_y", points: 1, reason: "custom", idempotency_key: "fb-seed-y", ...admin })
      const z = (await service.retrieveMember({ customer_id: "cus_fb_z" }))!

      // another write to z holds the key "fb-shared", not committed yet (the ledger's own single-write statements)
      const blocker = await knex().transaction()
      const ledger = new LedgerStore()
      const locked = await new MemberStore().lockLiveAccount(blocker, z.id)
      const entry = await ledger.appendEntry(blocker, locked, {
        reason: "import",
        available_delta: 5,
        pending_delta: 0,
        lifetime_delta: 5,
        redeemed_delta: 0,
        idempotency_key: "fb-shared",
        actor_type: "user",
      })
      await ledger.insertLot(blocker, { account: locked, entry_id: entry.id, points: 5, status: "available" })

      const bulk = service.writePointsInBulk([award("cus_fb_y", 2, "fb-before"), award("cus_fb_y", 3, "fb-shared"), award("cus_fb_y", 4, "fb-after")])
      // the bulk insert waits for the other write's key
      const waiting = await eventually(
        async () => (await knex().raw(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'insert into "kapy_ledger_entry"%'`)).rows[0].n,
        (n) => n > 0
      )
      expect(waiting).toBe(1)
      await blocker.commit()

      const results = await bulk
      expect(results.map((r) => (r.ok ? r.result.replayed : r.message))).toEqual([false, "Idempotency key fb-shared was already used for another account", false])
      expect((await service.retrieveMember({ customer_id: "cus_fb_y" }))!.points_balance).toBe(y.account.points_balance + 6)
      expect((await service.retrieveMember({ customer_id: "cus_fb_z" }))!.points_balance).toBe(6)
      await reconcileClean()
    })

    it("keeps the ledger exact under overlapping bulk writes and single writes to the same accounts at once", async () => {
      const customers = Array.from({ length: 40 }, (_, i) => `cus_race_${i}`)
      for (const c of customers) {
        await service.earnPoints({ customer_id: c, points: 100, reason: "custom", idempotency_key: `race-seed-${c}`, ...admin })
      }
      // three files over the same customers, each key in two of them, in different orders; one key claimed for two customers
      const file = (from: number, reverse: boolean) => {
        const writes = Array.from({ length: 400 }, (_, i) => {
          const k = from + i
          return award(customers[k % customers.length], k % 7 === 0 ? -3 : 1 + (k % 5), `race-${k}`)
        })
        writes.push(award(customers[from / 200], 9, "race-shared"))
        return reverse ? writes.reverse() : writes
      }
      const files = [file(0, false), file(200, true), file(400, false)]
      const singles = customers.map((c, i) =>
        (i % 2 ? service.spendPoints({ customer_id: c, points: 1, reason: "redemption", idempotency_key: `race-spend-${c}`, ...admin }) : service.earnPoints({ customer_id: c, points: 1, reason: "custom", idempotency_key: `race-earn-${c}`, ...admin }))
      )
      const [results] = await Promise.all([Promise.all(files.map((f) => service.writePointsInBulk(f))), Promise.all(singles)])

      // every key written once, by one of the files; the others replayed it
      const written = new Map<string, number>()
      const replayed = new Map<string, number>()
      results.forEach((answers, f) =>
        answers.forEach((r, i) => {
          const key = (files[f][i].earn ?? files[f][i].adjust)!.idempotency_key
          if (r.ok) {
            const counts = r.result.replayed ? replayed : written
            counts.set(key, (counts.get(key) ?? 0) + 1)
          } else {
            expect(r.message).toBe("Idempotency key race-shared was already used for another account")
          }
        })
      )
      expect([...written.values()].every((n) => n === 1)).toBe(true)
      expect(written.size).toBe(801)
      expect(replayed.size).toBe(400)
      expect(written.get("race-shared")).toBe(1)

      // each account holds its seed, its single write and its keys' points, once
      const expected = new Map(customers.map((c, i) => [c, 100 + (i % 2 ? -1 : 1)]))
      for (let k = 0; k < 800; k++) {
        const c = customers[k % customers.length]
        expected.set(c, expected.get(c)! + (k % 7 === 0 ? -3 : 1 + (k % 5)))
      }
      const owner = files.flat().find((w, i) => {
        const r = results.flat()[i]
        return w.earn?.idempotency_key === "race-shared" && r.ok && !r.result.replayed
      })!.earn!.customer_id!
      expected.set(owner, expected.get(owner)! + 9)
      for (const c of customers) {
        expect((await service.retrieveMember({ customer_id: c }))!.points_balance).toBe(expected.get(c))
      }
      const [{ n }] = await knex()("kapy_ledger_entry").where("idempotency_scope", "like", "race-%").whereNot("idempotency_scope", "like", "race-seed-%").count("* as n")
      expect(Number(n)).toBe(801 + customers.length)
      await reconcileClean()
    })
  },
})
