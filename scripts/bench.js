#!/usr/bin/env node
/**
 * `npm run bench -- <name>`: runs bench/<name>/*.bench.ts against a real
 * PostgreSQL (DB_HOST…, or an embedded one started for the run) and prints
 * its measurements. Without a name, lists the benchmarks.
 */
const fs = require("fs")
const path = require("path")
const { runJest, testDatabase, ROOT } = require("./lib/test-database")

function available() {
  const dir = path.join(ROOT, "bench")
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.readdirSync(path.join(dir, d.name)).some((f) => f.endsWith(".bench.ts")))
    .map((d) => d.name)
}

async function main() {
  const [name, ...jestArgs] = process.argv.slice(2)
  const names = available()
  if (!name || !names.includes(name)) {
    console.log(`usage: npm run bench -- <${names.join(" | ")}>`)
    process.exit(name ? 2 : 0)
  }
  const db = await testDatabase("kapy bench")
  try {
    const result = await runJest(["-c", "bench/jest.config.js", `bench/${name}/`, ...jestArgs], {})
    process.exitCode = result.status ?? 1
  } finally {
    await db.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
