import type { ExecArgs } from "@medusajs/framework/types"
import { SingleBar } from "cli-progress"
import fs from "fs"
import path from "path"
import { KAPY_LOYALTY_MODULE } from "../modules/loyalty"
import type LoyaltyModuleService from "../modules/loyalty/service"
import { evaluateImportedTiers, importMembersCsv, medusaImportCustomers } from "../workflows/imports/utils/import-members"

/**
 * Imports members and balances exported from another loyalty app (CSV:
 * email, points, tier, referral code, birthday; Smile.io's and
 * LoyaltyLion's column names are understood). Customers are matched by
 * email or created; each member gets one `import` entry; bad rows are
 * reported by line; running the same file again changes nothing. The file
 * is streamed, so memory stays flat however long it is. A progress bar
 * with rate and ETA goes to stderr (plain lines when stderr is not a
 * terminal); the summary to stdout.
 *
 *   npm run kapy -- import members.csv [--source=smile] [--json]      (this repository)
 *   npx medusa exec ./node_modules/medusa-plugin-kapy/.medusa/server/src/scripts/import-members.js members.csv source=smile
 *
 * `source` (default: the file's name without extension) names what the
 * members come from: a member is imported once per source. `tier-months=N`
 * (12) is how long an imported tier is kept as a floor; a member imported
 * with a tier holds it at once (group, prices, notice). Exits 1 when a row
 * failed.
 */
export default async function importMembers({ container, args = [] }: ExecArgs) {
  const plain = args.map((a) => a.replace(/^--/, ""))
  const option = (name: string) => plain.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1)
  const file = plain.find((a) => !a.includes("=") && a !== "json")
  if (!file) {
    process.stderr.write("usage: import <file.csv> [source=NAME] [tier-months=12] [json]\n")
    process.exitCode = 2
    return
  }
  const filePath = path.resolve(process.env.INIT_CWD ?? process.cwd(), file)
  const size = fs.statSync(filePath).size
  const source = option("source") ?? path.basename(filePath).replace(/\.[^.]+$/, "")
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)

  const progress = progressReporter(size)
  const report = await importMembersCsv(fs.createReadStream(filePath), {
    loyalty,
    customers: medusaImportCustomers(container),
    source,
    onTiered: evaluateImportedTiers(container),
    tier_months: option("tier-months") ? Number(option("tier-months")) : undefined,
    onProgress: (rows, bytes) => progress.update(rows, bytes),
  })
  progress.stop(report.rows)

  if (plain.includes("json")) {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n")
  } else {
    console.log(
      `import (${source}): ${report.rows} rows in ${report.seconds.toFixed(1)} s (${Math.round(report.rows / Math.max(report.seconds, 0.001))} rows/s): ` +
        `${report.imported} imported, ${report.already_imported} already imported, ${report.failed} failed, ${report.customers_created} customers created`
    )
    for (const e of report.errors) {
      console.log(`  line ${e.line}: ${e.message}`)
    }
    for (const w of report.warnings) {
      console.log(`  line ${w.line} (warning): ${w.message}`)
    }
  }
  if (report.failed) {
    process.exitCode = 1
  }
}

/** A cli-progress bar over the file's bytes (rate and ETA) on a terminal; a plain line every second otherwise. */
function progressReporter(totalBytes: number) {
  const started = Date.now()
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      { format: "import [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}", stream: process.stderr, hideCursor: true },
      undefined
    )
    bar.start(Math.max(totalBytes, 1), 0, { rows: 0, rate: 0 })
    return {
      update(rows: number, bytes: number) {
        bar.update(Math.min(bytes, totalBytes), { rows, rate: Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001)) })
      },
      stop(rows: number) {
        bar.update(Math.max(totalBytes, 1), { rows })
        bar.stop()
      },
    }
  }
  let last = 0
  return {
    update(rows: number, bytes: number) {
      if (Date.now() - last < 1000) {
        return
      }
      last = Date.now()
      const seconds = (Date.now() - started) / 1000
      const share = totalBytes ? bytes / totalBytes : 1
      const eta = share > 0 ? Math.max(0, seconds / share - seconds) : 0
      process.stderr.write(
        `import: ${rows} rows, ${Math.floor(share * 100)}% of the file, ${Math.round(rows / Math.max(seconds, 0.001))} rows/s, ETA ${Math.round(eta)} s\n`
      )
    },
    stop(rows: number) {
      process.stderr.write(`import: ${rows} rows, done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
    },
  }
}
