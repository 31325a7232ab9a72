/**
 * bench/awards: the admin's CSV award upload against single adjustments,
 * at module level (service calls, no HTTP), in one run on one fresh
 * database with Kapy's loyalty module and Medusa's customer module loaded:
 *
 * - baseline: single adjustments per second — `adjustPoints` of +1 by
 *   customer id, one call at a time, as an admin adjusting one balance
 *   after another;
 * - subject: CSV rows awarded per second for a file of KAPY_BENCH_ROWS
 *   rows (default 10 000) — the file's text streamed through csv-parse
 *   (`readAwardsCsv`, what the route runs), then 500 rows a chunk:
 *   customers looked up by email, the rows written by the ledger's bulk
 *   path in one transaction (`awardRows`, what the workflow step runs);
 * - the same file uploaded again (every row a replay of its key).
 *
 * Rounds alternate the order of baseline and upload; each upload uses a
 * fresh file (new keys), so each round awards anew.
 *
 *   npm run bench -- awards
 *   npx ts-node --swc bench/awards/index.ts     (DB_HOST… must point at a server)
 *
 * Settings (env): KAPY_BENCH_ROWS (10000), KAPY_BENCH_CUSTOMERS (1000),
 * KAPY_BENCH_SINGLES (2000 adjustments per round), KAPY_BENCH_ROUNDS (2).
 */
import os from "os"
import path from "path"
import { Readable } from "stream"
import { Modules } from "@medusajs/framework/utils"
import { envInt, secondsSince, now, alternateRounds, assertReconciled, formatRates, mean, benchProgress } from "../lib/measure"
import { withBenchModules } from "../lib/modules"
import { recordFigures } from "../lib/figures"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { awardRows, CustomerLookup } from "../../src/workflows/imports/utils/award-rows"
import { readAwardsCsv } from "../../src/workflows/imports/utils/read-awards-csv"

const ROOT = path.resolve(__dirname, "..", "..")
const ROWS = envInt("KAPY_BENCH_ROWS", 10_000)
const CUSTOMERS = envInt("KAPY_BENCH_CUSTOMERS", 1000)
const SINGLES = envInt("KAPY_BENCH_SINGLES", 2000)
const ROUNDS = envInt("KAPY_BENCH_ROUNDS", 2)
const LOAD_AT_START = os.loadavg().map((l) => l.toFixed(2)).join(" ")

const progress = benchProgress("awards")

function csvFor(round: number, emails: string[]): string {
  const lines = ["email,points,reason,key"]
  for (let i = 0; i < ROWS; i++) {
    lines.push(`${emails[i % emails.length]},${1 + (i % 5)},"Store event, round ${round}",r${round}-${i}`)
  }
  return lines.join("\n") + "\n"
}

async function main() {
  await withBenchModules(
    { database: "kapy_bench_awards", modules: {
        [KAPY_LOYALTY_MODULE]: path.join(ROOT, "src", "modules", "loyalty"),
        [Modules.CUSTOMER]: "@medusajs/medusa/customer",
      }, poolMax: 10, cwd: ROOT, loadAtStart: LOAD_AT_START, say: progress },
    async (app) => {
      const loyalty = app.modules[KAPY_LOYALTY_MODULE] as LoyaltyModuleService
      const customerModule = app.modules[Modules.CUSTOMER] as any
      const customers: { id: string; email: string }[] = await customerModule.createCustomers(
        Array.from({ length: CUSTOMERS }, (_, i) => ({ email: `member-${i}@bench.test`, has_account: true }))
      )
      const emails = customers.map((c) => c.email)
      for (const c of customers) {
        await loyalty.ensureCustomerMember(c)
      }
      progress(`${CUSTOMERS} customers with accounts`)

      const lookup: CustomerLookup = async ({ emails, ids }) => {
        const byEmail = new Map<string, string>()
        const known = new Set<string>()
        if (emails.length) {
          for (const c of await customerModule.listCustomers({ email: emails }, { select: ["id", "email"] })) {
            byEmail.set(c.email.toLowerCase(), c.id)
          }
        }
        if (ids.length) {
          for (const c of await customerModule.listCustomers({ id: ids }, { select: ["id"] })) {
            known.add(c.id)
          }
        }
        return { byEmail, known }
      }

      // warm-up: connections and plans
      for (let i = 0; i < 50; i++) {
        await loyalty.adjustPoints({ customer_id: customers[i % CUSTOMERS].id, points: 1, idempotency_key: `warm-${i}`, actor_type: "user" })
      }

      const singles: number[] = []
      const uploads: number[] = []
      const replays: number[] = []
      let single = 0
      const runSingles = async () => {
        const t = now()
        for (let i = 0; i < SINGLES; i++, single++) {
          await loyalty.adjustPoints({
            customer_id: customers[single % CUSTOMERS].id,
            points: 1,
            note: "Manual adjustment",
            idempotency_key: `single-${single}`,
            actor_type: "user",
          })
        }
        singles.push(SINGLES / secondsSince(t))
        progress(`single adjustments: ${singles[singles.length - 1].toFixed(0)}/s`)
      }
      const runUpload = async (round: number) => {
        const csv = csvFor(round, emails)
        const upload = async () => {
          const t = now()
          const rows = await readAwardsCsv(Readable.from([csv]))
          const { results } = await awardRows(rows, { loyalty, lookup })
          const seconds = secondsSince(t)
          const failed = results.filter((r) => r.status === "error")
          if (failed.length || results.length !== ROWS) {
            throw new Error(`the upload failed ${failed.length} of ${results.length} rows: the bench data is wrong (${JSON.stringify(failed[0])})`)
          }
          return { seconds, replayed: results.filter((r) => r.status === "already_awarded").length }
        }
        const first = await upload()
        if (first.replayed) {
          throw new Error("a fresh file replayed rows: the keys are not unique per round")
        }
        uploads.push(ROWS / first.seconds)
        const again = await upload()
        if (again.replayed !== ROWS) {
          throw new Error(`the same file again awarded ${ROWS - again.replayed} rows anew`)
        }
        replays.push(ROWS / again.seconds)
        progress(`CSV upload of ${ROWS} rows: ${uploads[uploads.length - 1].toFixed(0)} rows/s; again (all replays): ${replays[replays.length - 1].toFixed(0)} rows/s`)
      }
      await alternateRounds(ROUNDS, runSingles, runUpload)
      const report = await assertReconciled(loyalty)
      const fmt = formatRates
      console.log("")
      console.log(`bench/awards — ${ROWS} rows per file, ${CUSTOMERS} customers, ${ROUNDS} rounds, ${os.cpus().length} cores, load at start ${LOAD_AT_START}`)
      console.log(`  single adjustments (baseline)  ${fmt(singles)}`)
      console.log(`  CSV rows awarded               ${fmt(uploads)}`)
      console.log(`  CSV rows, same file again      ${fmt(replays)}`)
      // each round's ratio sets the upload against the adjustments measured next to it, under the same load
      const perRound = (xs: number[]) => xs.map((x, i) => (x / singles[i]).toFixed(2)).join(", ")
      console.log(`  ratio CSV rows / adjustments   ${(mean(uploads) / mean(singles)).toFixed(2)} (rounds: ${perRound(uploads)})`)
      console.log(`  ratio re-upload / adjustments  ${(mean(replays) / mean(singles)).toFixed(2)} (rounds: ${perRound(replays)})`)
      console.log(`  reconcile: ${report.accounts_checked} accounts, no drift`)
      const ratio = mean(uploads) / mean(singles)
      recordFigures("awards", [
        { figure: "CSV award rows/s ÷ single adjustments/s", goal: "≥ 5", measured: `${ratio.toFixed(2)} (${mean(uploads).toFixed(0)} vs ${mean(singles).toFixed(0)}/s)`, met: ratio >= 5 },
      ])
    }
  )
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
