import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import path from "path"
import { Readable } from "stream"
import v8 from "v8"
import vm from "vm"
import { KAPY_LOYALTY_MODULE } from ".."
import LoyaltyModuleService from "../service"
import { ImportCustomers, importMembersCsv } from "../../../workflows/imports/utils/import-members"

jest.setTimeout(900_000)

v8.setFlagsFromString("--expose-gc")
/** A full collection, so that the heap measured is what is still held. */
const collect: () => void = vm.runInNewContext("gc")

const ROWS = Number(process.env.KAPY_IMPORT_TEST_ROWS ?? 50_000)
/** Lines (the header is line 1) that hold a bad row. */
const BAD = new Map<number, RegExp>([
  [7, /^email:/],
  [1234, /^points:/],
  [ROWS, /^birthday:/],
])

/** The export, generated line by line as it is read: the file is never in memory whole. */
function exportFile(): Readable {
  return Readable.from(
    (function* () {
      yield "Email,First name,Points balance,VIP tier,Referral URL,Date of birth\n"
      for (let line = 2; line <= ROWS + 1; line++) {
        const i = line - 2
        if (BAD.has(line)) {
          const bad = BAD.get(line)!.source
          yield bad.includes("email") ? `not-an-email,X,10,,,\n` : bad.includes("points") ? `bad-${i}@import.test,X,ten,,,\n` : `bad-${i}@import.test,X,10,,,5.5.1990\n`
          continue
        }
        const tier = i % 10 === 0 ? "Gold" : ""
        const birthday = i % 7 === 0 ? "1990-01-15" : ""
        yield `Member${i}@Import.test,Name ${i},${i % 500},${tier},,${birthday}\n`
      }
    })()
  )
}

moduleIntegrationTestRunner<LoyaltyModuleService>({
  moduleName: KAPY_LOYALTY_MODULE,
  resolve: path.join(__dirname, ".."),
  pathToMigrations: path.join(__dirname, "../migrations"),
  dbName: "kapy-loyalty-import-integration",
  testSuite: ({ service, MikroOrmWrapper }) => {
    const knex = () => MikroOrmWrapper.getManager().getKnex()

    /** Medusa's customer module stands in as a map: this spec is about the ledger side. */
    function customerDirectory() {
      const byEmail = new Map<string, string>([["member3@import.test", "cus_existing_3"]])
      let seq = 0
      const customers: ImportCustomers = {
        async findByEmails(emails) {
          return new Map(emails.filter((e) => byEmail.has(e)).map((e) => [e, byEmail.get(e)!]))
        },
        async create(emails) {
          const made = new Map(emails.map((e) => [e, `cus_imported_${++seq}`]))
          made.forEach((id, e) => byEmail.set(e, id))
          return made
        },
      }
      return { customers, created: () => seq }
    }

    async function totals() {
      const [entries] = await knex()("kapy_ledger_entry").select(knex().raw("count(*)::int AS n, coalesce(sum(points), 0)::int AS points"))
      const [accounts] = await knex()("kapy_account").select(knex().raw("count(*)::int AS n, coalesce(sum(points_balance), 0)::int AS balance"))
      return { entries, accounts }
    }

    it(`imports ${ROWS} members in bounded memory, reports bad rows by line, and changes nothing when run again`, async () => {
      await service.retrieveProgramSettings()
      const directory = customerDirectory()
      collect()
      const baseline = process.memoryUsage().heapUsed
      const held: number[] = []
      const report = await importMembersCsv(exportFile(), {
        loyalty: service,
        customers: directory.customers,
        source: "smile",
        onProgress: (rows) => {
          if (rows % 5000 === 0) {
            collect()
            held.push(process.memoryUsage().heapUsed - baseline)
          }
        },
      })
      const good = ROWS - BAD.size
      expect(report).toEqual(
        expect.objectContaining({ rows: ROWS, imported: good, already_imported: 0, failed: BAD.size, customers_created: good - 1 })
      )
      expect(report.errors.map((e) => e.line)).toEqual([...BAD.keys()])
      report.errors.forEach((e) => expect(e.message).toMatch(BAD.get(e.line)!))
      // rows are handled 500 at a time: what the heap holds does not grow with the rows read
      const mb = held.map((h) => Math.round(h / 1024 / 1024))
      process.stdout.write(`import of ${ROWS} rows: ${report.seconds.toFixed(1)} s, ${Math.round(ROWS / report.seconds)} rows/s, heap held every 5000 rows (MB): ${mb.join(" ")}\n`)
      expect(Math.max(...held)).toBeLessThan(32 * 1024 * 1024)
      expect(held[held.length - 1] - held[0]).toBeLessThan(16 * 1024 * 1024)

      const after = await totals()
      const expectedPoints = Array.from({ length: ROWS }, (_, i) => i).filter((i) => !BAD.has(i + 2)).reduce((s, i) => s + (i % 500), 0)
      expect(after.accounts).toEqual({ n: good, balance: expectedPoints })
      // one import entry per member with points, none for a zero balance
      expect(after.entries.points).toBe(expectedPoints)
      const member = (await service.retrieveMember({ customer_id: "cus_existing_3" }))!
      expect(member.points_balance).toBe(3)
      const gold = (await service.listLoyaltyTiers({ name: "Gold" }))[0]
      const [tiered] = await knex()("kapy_account").where({ tier_override_id: gold.id }).count({ n: "*" })
      expect(Number(tiered.n)).toBe(Math.ceil(ROWS / 10) - [...BAD.keys()].filter((l) => (l - 2) % 10 === 0).length)

      const again = await importMembersCsv(exportFile(), { loyalty: service, customers: directory.customers, source: "smile" })
      expect(again).toEqual(expect.objectContaining({ rows: ROWS, imported: 0, already_imported: good, failed: BAD.size, customers_created: 0 }))
      expect(await totals()).toEqual(after)
      const report2 = await service.reconcile()
      expect(report2.drifts).toEqual([])
    })

    it("a chunk whose write fails stops the import with that error, after the chunks before it, and leaves no promise unhandled", async () => {
      await service.retrieveProgramSettings()
      const directory = customerDirectory()
      const unhandled: unknown[] = []
      const onUnhandled = (reason: unknown) => unhandled.push(reason)
      process.on("unhandledRejection", onUnhandled)
      let writes = 0
      // the real module, but its second chunk's write refused (as a lost connection would)
      const failing = Object.create(service) as LoyaltyModuleService
      failing.importMembers = async (...args: Parameters<LoyaltyModuleService["importMembers"]>) => {
        if (++writes === 2) {
          throw new Error("connection lost")
        }
        return service.importMembers(...args)
      }
      const file = Readable.from(
        ["Email,Points balance\n", ...Array.from({ length: 1500 }, (_, i) => `chunked${i}@import.test,${1 + (i % 5)}\n`)]
      )
      await expect(importMembersCsv(file, { loyalty: failing, customers: directory.customers, source: "chunks", chunk_size: 500 })).rejects.toThrow(
        "connection lost"
      )
      await new Promise((resolve) => setImmediate(resolve))
      process.off("unhandledRejection", onUnhandled)
      expect(unhandled).toEqual([])
      // the first chunk stands, the second and third were never written
      const [{ n }] = await knex()("kapy_ledger_entry").where({ source_id: "chunks" }).count({ n: "*" })
      expect(Number(n)).toBe(500)
      expect(writes).toBe(2)
    })
  },
})
