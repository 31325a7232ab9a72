import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { seedShop, Shop } from "../fixtures/shop"
import { createAdmin, entriesOf, Headers, registerCustomer } from "../helpers"

jest.setTimeout(300_000)

/**
 * The admin's CSV award upload through the ledger's bulk path: files longer
 * than one chunk (500 rows), bad rows of every kind between good ones, the
 * same file again, and two overlapping files uploaded at once.
 */
medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: Shop
    let loyalty: LoyaltyModuleService
    let admin: Headers

    beforeEach(async () => {
      const container = getContainer()
      loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      shop = await seedShop(container)
      admin = (await createAdmin(api, container)).headers
    })

    const register = (email: string) => registerCustomer(api, shop.publishableKey, email)
    const upload = (csv: string) => api.post("/admin/loyalty/imports/awards", csv, { headers: { ...admin.headers, "content-type": "text/csv" } })
    const imported = async (customerId: string) => (await entriesOf(loyalty, customerId)).filter((e: any) => e.source_type === "import")
    const sum = (entries: { points: number }[]) => entries.reduce((a, e) => a + e.points, 0)

    it("a file of two chunks: bad rows answered by line as the single writes say them, good rows written; the same file again answers each good row as a replay of its entry", async () => {
      const customers = await Promise.all(["a@example.com", "b@example.com", "c@example.com"].map((e) => register(e)))
      const closed = await register("closed@example.com")
      await loyalty.earnPoints({ customer_id: closed.id, points: 1, reason: "custom", idempotency_key: "closed-seed", actor_type: "system" })
      const closedAccount = (await loyalty.retrieveMember({ customer_id: closed.id }))!
      await loyalty.leaveProgram({ account_id: closedAccount.id, actor_type: "customer", actor_id: closed.id })

      const lines = ["email,points,reason,key"]
      for (let i = 0; i < 600; i++) {
        lines.push(`${customers[i % 3].email},${1 + (i % 3)},Store event,row-${i}`)
      }
      // lines[n] is the file's line n + 1
      lines[11] = "nobody@example.com,5,Event,"
      lines[21] = `${customers[0].email},abc,Event,`
      lines[31] = `${closed.email},5,Event,closed-row`
      lines[41] = `${customers[0].email},9,Event,row-0` // row-0 was 1 point
      lines[551] = `${customers[1].email},-100000,Correction,`
      lines[561] = `${customers[2].email},200000000,Event,`
      lines[571] = `${customers[0].email},1,Store event,row-0` // the same row again: a replay
      const csv = lines.join("\n") + "\n"

      const first = await upload(csv)
      expect(first.status).toBe(200)
      const errors = [
        { line: 12, status: "error", message: "No customer nobody@example.com" },
        { line: 22, status: "error", message: 'points must be a whole number other than 0, not "abc"' },
        { line: 32, status: "error", message: `Loyalty account ${closedAccount.id} is closed` },
        { line: 42, status: "error", message: "Idempotency key import:key:row-0 was already used for a change of 1 points, not 9" },
        { line: 552, status: "error", message: "(its balance, below)" },
        { line: 562, status: "error", message: "points must be at most 100000000 in absolute value" },
      ]
      expect(first.data.import).toEqual(expect.objectContaining({ rows: 600, awarded: 593, already_awarded: 1, failed: 6 }))
      const firstErrors = first.data.import.results.filter((r: any) => r.status === "error")
      expect(firstErrors.map((r: any) => r.line)).toEqual(errors.map((e) => e.line))
      expect(firstErrors.filter((r: any) => r.line !== 552)).toEqual(errors.filter((e) => e.line !== 552))
      expect(firstErrors.find((r: any) => r.line === 552).message).toMatch(/^Not enough points: \d+ available, 100000 requested$/)
      const replay = first.data.import.results.find((r: any) => r.line === 572)
      const original = first.data.import.results.find((r: any) => r.line === 2)
      expect(replay).toEqual({ line: 572, status: "already_awarded", points: 1, entry_id: original.entry_id })

      // the good rows' points, each once: every row's 1 + i % 3 but the seven replaced lines'
      const replaced = new Set([10, 20, 30, 40, 550, 560, 570])
      let expected = 0
      for (let i = 0; i < 600; i++) {
        expected += replaced.has(i) ? 0 : 1 + (i % 3)
      }
      const entries = (await Promise.all(customers.map((c) => imported(c.id)))).flat()
      expect(entries).toHaveLength(593)
      expect(sum(entries)).toBe(expected)
      expect(await imported(closed.id)).toEqual([])

      const again = await upload(csv)
      expect(again.data.import).toEqual(expect.objectContaining({ rows: 600, awarded: 0, already_awarded: 594, failed: 6 }))
      again.data.import.results.forEach((r: any, i: number) => {
        const was = first.data.import.results[i]
        expect(r).toEqual(was.status === "error" ? expect.objectContaining({ line: was.line, status: "error" }) : { ...was, status: "already_awarded" })
      })
      expect((await Promise.all(customers.map((c) => imported(c.id)))).flat()).toHaveLength(593)

      const report = await loyalty.reconcile()
      expect(report.drifts).toEqual([])
    })

    it("two overlapping files uploaded at once: each key awarded once, by one of them, the other answering it as a replay of the same entry; the ledger exact", async () => {
      const customers = await Promise.all(["p@example.com", "q@example.com", "r@example.com", "s@example.com"].map((e) => register(e)))
      const row = (k: number) => `${customers[k % 4].email},${1 + (k % 5)},Spring event,k-${k}`
      const file = (from: number, to: number) => ["email,points,reason,key", ...Array.from({ length: to - from }, (_, i) => row(from + i))].join("\n") + "\n"
      // rows 400–799 are in both files
      const [a, b] = await Promise.all([upload(file(0, 800)), upload(file(400, 1200))])
      expect(a.status).toBe(200)
      expect(b.status).toBe(200)
      expect(a.data.import.failed + b.data.import.failed).toBe(0)
      expect(a.data.import.awarded + b.data.import.awarded).toBe(1200)
      expect(a.data.import.already_awarded + b.data.import.already_awarded).toBe(400)

      // an overlapping row names the same entry in both answers
      const entryOf = new Map<string, string>()
      for (const [answer, from] of [[a, 0], [b, 400]] as const) {
        answer.data.import.results.forEach((r: any, i: number) => {
          const key = `k-${from + i}`
          if (entryOf.has(key)) {
            expect(r.entry_id).toBe(entryOf.get(key))
          }
          entryOf.set(key, r.entry_id)
        })
      }
      expect(new Set(entryOf.values()).size).toBe(1200)

      for (let c = 0; c < 4; c++) {
        let expected = 0
        for (let k = c; k < 1200; k += 4) {
          expected += 1 + (k % 5)
        }
        const entries = await imported(customers[c].id)
        expect(entries).toHaveLength(300)
        expect(sum(entries)).toBe(expected)
        // the balance is every entry's (a signup bonus too), each once
        expect((await loyalty.retrieveMember({ customer_id: customers[c].id }))!.points_balance).toBe(sum(await entriesOf(loyalty, customers[c].id)))
      }
      const report = await loyalty.reconcile()
      expect(report.drifts).toEqual([])
    })
  },
})
