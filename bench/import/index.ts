/**
 * bench/import: members imported per second from another loyalty app's
 * export, at module level (service calls, no HTTP), on one fresh database
 * with Kapy's loyalty module and Medusa's customer module loaded:
 *
 * - baseline: single adjustments per second — `adjustPoints` of +1 by
 *   customer id, one call at a time (the ledger's one-by-one write);
 * - subject: rows per second of a Smile.io-style export of KAPY_BENCH_ROWS
 *   rows (default 50 000) of new members — streamed through csv-parse,
 *   customers found by email and created in one query per 500 rows, each
 *   member's account, identity and `import` entry written (what
 *   `npm run kapy -- import` runs, without the progress bar);
 * - the same file again (every member already imported);
 * - the heap the import holds (after a full collection) every 10 000 rows,
 *   against the start: the file is generated as it is read, so it is never
 *   in memory whole, and what is held must not grow with the rows.
 *
 * Rounds alternate the order of baseline and import; each round imports a
 * new set of members (its own emails).
 *
 *   npm run bench -- import
 *   npx ts-node --swc bench/import/index.ts     (DB_HOST… must point at a server)
 *
 * Settings (env): KAPY_BENCH_ROWS (50000), KAPY_BENCH_SINGLES (2000),
 * KAPY_BENCH_ROUNDS (2).
 */
import os from "os"
import path from "path"
import { Readable } from "stream"
import v8 from "v8"
import vm from "vm"
import { Modules } from "@medusajs/framework/utils"
import { envInt, now, secondsSince, alternateRounds, assertReconciled, formatRates, mean, benchProgress } from "../lib/measure"
import { withBenchModules } from "../lib/modules"
import { recordFigures } from "../lib/figures"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { ImportCustomers, importMembersCsv } from "../../src/workflows/imports/utils/import-members"

const ROOT = path.resolve(__dirname, "..", "..")
const ROWS = envInt("KAPY_BENCH_ROWS", 50_000)
const SINGLES = envInt("KAPY_BENCH_SINGLES", 2000)
const ROUNDS = envInt("KAPY_BENCH_ROUNDS", 2)
const LOAD_AT_START = os.loadavg().map((l) => l.toFixed(2)).join(" ")

v8.setFlagsFromString("--expose-gc")
/** A full collection: the heap measured after it is what the import still holds. */
const collect: () => void = vm.runInNewContext("gc")

const progress = benchProgress("import")

/** A Smile.io-style export, generated line by line as it is read. */
function exportFile(round: number): Readable {
  return Readable.from(
    (function* () {
      yield "Email,First name,Last name,Points balance,VIP tier,Date of birth\n"
      for (let i = 0; i < ROWS; i++) {
        yield `m${round}-${i}@bench.test,First,Last,${i % 1000},${i % 10 === 0 ? "Silver" : ""},${i % 7 === 0 ? "1990-02-03" : ""}\n`
      }
    })()
  )
}

async function main() {
  await withBenchModules(
    { database: "kapy_bench_import", modules: {
        [KAPY_LOYALTY_MODULE]: path.join(ROOT, "src", "modules", "loyalty"),
        [Modules.CUSTOMER]: "@medusajs/medusa/customer",
      }, poolMax: 10, cwd: ROOT, loadAtStart: LOAD_AT_START, say: progress },
    async (app) => {
      const loyalty = app.modules[KAPY_LOYALTY_MODULE] as LoyaltyModuleService
      const customerModule = app.modules[Modules.CUSTOMER] as any
      // what src/scripts/import-members.ts does with the customer module
      const customers: ImportCustomers = {
        async findByEmails(emails) {
          const found = await customerModule.listCustomers({ email: emails }, { select: ["id", "email"] })
          return new Map(found.map((c: any) => [c.email.toLowerCase(), c.id]))
        },
        async create(emails) {
          const created = await customerModule.createCustomers(emails.map((email: string) => ({ email, has_account: false })))
          return new Map(created.map((c: any) => [c.email.toLowerCase(), c.id]))
        },
      }
      const singlesCustomers: { id: string }[] = await customerModule.createCustomers(
        Array.from({ length: 200 }, (_, i) => ({ email: `single-${i}@bench.test`, has_account: true }))
      )
      for (let i = 0; i < 50; i++) {
        await loyalty.adjustPoints({ customer_id: singlesCustomers[i % 200].id, points: 1, idempotency_key: `warm-${i}`, actor_type: "user" })
      }

      const singles: number[] = []
      const imports: number[] = []
      const replays: number[] = []
      const heaps: number[] = []
      let single = 0
      const runSingles = async () => {
        const t = now()
        for (let i = 0; i < SINGLES; i++, single++) {
          await loyalty.adjustPoints({ customer_id: singlesCustomers[single % 200].id, points: 1, idempotency_key: `single-${single}`, actor_type: "user" })
        }
        singles.push(SINGLES / secondsSince(t))
        progress(`single adjustments: ${singles[singles.length - 1].toFixed(0)}/s`)
      }
      const runImport = async (round: number) => {
        collect()
        const base = process.memoryUsage().heapUsed
        let peak = 0
        const t = now()
        const first = await importMembersCsv(exportFile(round), {
          loyalty,
          customers,
          source: `bench-${round}`,
          onProgress: (rows) => {
            if (rows % 10_000 === 0) {
              collect()
              peak = Math.max(peak, process.memoryUsage().heapUsed - base)
              progress(`  ${rows} rows, heap held +${((process.memoryUsage().heapUsed - base) / 1024 / 1024).toFixed(1)} MB`)
            }
          },
        })
        const seconds = secondsSince(t)
        if (first.failed || first.imported !== ROWS) {
          throw new Error(`the import failed ${first.failed} rows: the bench data is wrong (${JSON.stringify(first.errors[0])})`)
        }
        imports.push(ROWS / seconds)
        heaps.push(peak / 1024 / 1024)
        const t2 = now()
        const again = await importMembersCsv(exportFile(round), { loyalty, customers, source: `bench-${round}` })
        if (again.already_imported !== ROWS) {
          throw new Error(`the same file again imported ${ROWS - again.already_imported} rows anew`)
        }
        replays.push(ROWS / secondsSince(t2))
        progress(`import of ${ROWS} rows: ${imports[imports.length - 1].toFixed(0)} rows/s (heap held at most +${heaps[heaps.length - 1].toFixed(1)} MB); again: ${replays[replays.length - 1].toFixed(0)} rows/s`)
      }
      await alternateRounds(ROUNDS, runSingles, runImport)
      const report = await assertReconciled(loyalty)
      const fmt = formatRates
      console.log("")
      console.log(`bench/import — ${ROWS} rows per file, ${ROUNDS} rounds, ${os.cpus().length} cores, load at start ${LOAD_AT_START}`)
      console.log(`  single adjustments (baseline)  ${fmt(singles)}`)
      console.log(`  members imported               ${fmt(imports)}`)
      console.log(`  same file again                ${fmt(replays)}`)
      console.log(`  heap held, most (after gc)     ${heaps.map((h) => `+${h.toFixed(1)} MB`).join(", ")}`)
      console.log(`  ratio import rows / adjustments ${(mean(imports) / mean(singles)).toFixed(2)}`)
      console.log(`  reconcile: ${report.accounts_checked} accounts, no drift`)
      const rate = mean(imports)
      recordFigures("import", [
        { figure: `member import rows/s, ${ROWS} rows`, goal: "≥ 2 000/s", measured: `${rate.toFixed(0)}/s (${(rate / mean(singles)).toFixed(1)}× single adjustments)`, met: rate >= 2000 },
      ])
    }
  )
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
