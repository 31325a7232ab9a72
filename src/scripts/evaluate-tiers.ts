import type { ExecArgs } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../modules/loyalty"
import type LoyaltyModuleService from "../modules/loyalty/service"
import { evaluateTierPageWorkflow } from "../workflows/tiers"

/**
 * Re-evaluates the tier of every account, page by page (one transaction
 * and one workflow per page: group moves, cart refreshes and
 * `loyalty.tier_changed` for its changes), after a change of the tiers or
 * the program's tier rules. Shows a progress bar on stderr (a plain count
 * line every second when stderr is not a terminal) and prints a summary.
 *
 *   npm run kapy -- tiers:evaluate            (this repository)
 *   npx medusa exec ./node_modules/medusa-plugin-kapy/.medusa/server/src/scripts/evaluate-tiers.js
 *
 * `json` prints the summary as JSON; `batch=N` sets the page size (500).
 */
export default async function evaluateTiers({ container, args = [] }: ExecArgs) {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const asJson = args.some((a) => a.replace(/^--/, "") === "json")
  const batchArg = args.map((a) => /^(?:--)?batch=(\d+)$/.exec(a)).find(Boolean)
  const batchSize = batchArg ? Number(batchArg[1]) : 500
  const [, total] = await loyalty.listAndCountLoyaltyAccounts({ status: { $ne: "merged" } } as any, { take: 1 })
  const progress = await progressReporter(total)

  const started = Date.now()
  const now = new Date()
  const summary = { accounts: 0, upgrades: 0, downgrades: 0, unchanged: 0, entry_tier_given: 0, other_changes: 0, ms: 0 }
  let after: string | null = null
  for (;;) {
    const { result } = await evaluateTierPageWorkflow(container).run({ input: { after_id: after, limit: batchSize, now } })
    summary.accounts += result.evaluated
    for (const change of result.changes) {
      if (change.initial) {
        summary.entry_tier_given++
      } else if (change.reason === "upgrade") {
        summary.upgrades++
      } else if (change.reason === "downgrade") {
        summary.downgrades++
      } else {
        summary.other_changes++
      }
    }
    summary.unchanged += result.evaluated - result.changes.length
    progress.update(summary.accounts)
    if (!result.last_id) {
      break
    }
    after = result.last_id
  }
  progress.stop()
  summary.ms = Date.now() - started

  if (asJson) {
    process.stdout.write(JSON.stringify(summary, null, 2) + "\n")
  } else {
    console.log(
      `tiers:evaluate: ${summary.accounts} accounts in ${summary.ms} ms — ${summary.upgrades} upgrades, ${summary.downgrades} downgrades` +
        (summary.entry_tier_given ? `, ${summary.entry_tier_given} new members in the entry tier` : "") +
        (summary.other_changes ? `, ${summary.other_changes} override changes` : "") +
        `, ${summary.unchanged} unchanged`
    )
  }
}

/** A cli-progress bar on stderr when it is a terminal; otherwise a count line at most once a second, and the last. */
async function progressReporter(total: number) {
  if (process.stderr.isTTY) {
    const { SingleBar, Presets } = await import("cli-progress")
    const bar = new SingleBar(
      { stream: process.stderr, format: "tiers:evaluate [{bar}] {percentage}% | {value}/{total} accounts | {eta_formatted} left" },
      Presets.shades_classic
    )
    bar.start(total, 0)
    return { update: (n: number) => bar.update(Math.min(n, Math.max(total, n))), stop: () => bar.stop() }
  }
  let printed = 0
  let last = 0
  const line = (n: number) => process.stderr.write(`tiers:evaluate: ${n}/${total} accounts evaluated\n`)
  return {
    update: (n: number) => {
      last = n
      if (Date.now() - printed > 1000) {
        printed = Date.now()
        line(n)
      }
    },
    stop: () => line(last),
  }
}
