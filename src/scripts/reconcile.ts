import type { ExecArgs } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../modules/loyalty"
import type LoyaltyModuleService from "../modules/loyalty/service"
import { reconcileReviewAwards } from "../workflows/reviews/utils/reconcile-review-awards"

/**
 * Checks every loyalty account against its ledger, and every approved
 * review and claim against its award entry (and each award entry against
 * its review or claim), and prints each drift.
 * Exits non-zero when anything drifted, so it can run from cron or CI.
 *
 *   npm run kapy -- reconcile            (this repository)
 *   npx medusa exec ./node_modules/medusa-plugin-kapy/.medusa/server/src/scripts/reconcile.js
 *
 * `--json` (`json` when calling medusa exec directly, which takes only
 * positional arguments) prints the report as JSON instead of a table.
 */
export default async function reconcile({ container, args = [] }: ExecArgs) {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const asJson = args.includes("json") || args.includes("--json")
  const started = Date.now()
  let lastPrinted = 0

  const report = await loyalty.reconcile({
    onProgress: (checked, total) => {
      // one progress line per second at most, and the last one
      if (!asJson && (Date.now() - lastPrinted > 1000 || checked === total)) {
        lastPrinted = Date.now()
        const percent = total ? Math.floor((checked / total) * 100) : 100
        process.stderr.write(`reconcile: ${checked}/${total} accounts checked (${percent}%)\n`)
      }
    },
  })

  report.awards.push(...(await reconcileReviewAwards(container)))
  const problems = report.drifts.length + report.awards.length

  if (asJson) {
    process.stdout.write(JSON.stringify(report, null, 2) + "\n")
  } else if (!problems) {
    console.log(
      `reconcile: ${report.accounts_checked} accounts checked in ${Date.now() - started} ms, no drift: every stored balance equals the sum of its entries`
    )
  } else {
    console.log(`reconcile: ${report.drifts.length} drift(s) in ${report.accounts_checked} accounts, ${report.awards.length} award problem(s)`)
    if (report.drifts.length) {
      console.table(report.drifts)
    }
    if (report.awards.length) {
      console.table(report.awards)
    }
  }
  if (problems) {
    process.exitCode = 1
  }
}
