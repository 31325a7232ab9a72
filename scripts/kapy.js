#!/usr/bin/env node
/**
 * Kapy's command line, for this repository's app:
 *
 *   npm run kapy -- reconcile [--json]   check every account against its ledger
 *   npm run kapy -- import <file.csv> [--source=NAME] [--json]   import members from another loyalty app
 *   npm run kapy -- tiers:evaluate [--json] [--batch=500]   re-evaluate every account's tier
 *
 * Uses DATABASE_URL, or the embedded dev database of `npm run dev`.
 * In your own Medusa app run the same script with
 * `npx medusa exec ./node_modules/medusa-plugin-kapy/.medusa/server/src/scripts/reconcile.js`.
 */
const { spawn } = require("child_process")
const path = require("path")
const { resolveDatabaseUrl, ROOT } = require("./lib/database-url")

const COMMANDS = {
  import: {
    script: "./src/scripts/import-members.ts",
    help: "import members and balances from a CSV export (email, points, tier, referral code, birthday; Smile.io and LoyaltyLion columns); --source=NAME, --json",
  },
  reconcile: {
    script: "./src/scripts/reconcile.ts",
    help: "check sum(entries) == stored balances for every account; exit 1 on drift (--json for a JSON report)",
  },
  "tiers:evaluate": {
    script: "./src/scripts/evaluate-tiers.ts",
    help: "re-evaluate every account's tier (progress on stderr; summary: accounts, upgrades, downgrades, unchanged; --json, --batch=N)",
  },
}

function usage() {
  console.log("usage: npm run kapy -- <command> [options]\n")
  for (const [name, { help }] of Object.entries(COMMANDS)) {
    console.log(`  ${name.padEnd(15)} ${help}`)
  }
}

async function main() {
  const [name, ...args] = process.argv.slice(2)
  const command = COMMANDS[name]
  if (!command) {
    usage()
    process.exit(name && name !== "help" ? 2 : 0)
  }
  const db = await resolveDatabaseUrl()
  // Async spawn: the embedded server's log pipes must keep draining.
  const child = spawn(
    path.join(ROOT, "node_modules", ".bin", "medusa"),
    // medusa exec takes positional arguments only: --json becomes json
    ["exec", command.script, ...args.map((arg) => arg.replace(/^--/, ""))],
    {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: process.env.LOG_LEVEL || "warn" },
    }
  )
  const code = await new Promise((resolve) => child.on("exit", (c, signal) => resolve(signal ? 1 : c)))
  await db.stop()
  process.exit(code ?? 1)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
