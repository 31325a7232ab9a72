#!/usr/bin/env node
/**
 * `npm test`: unit, module and HTTP integration tests against a real
 * PostgreSQL (DB_HOST / DB_PORT / DB_USERNAME / DB_PASSWORD, or an embedded
 * one started for the run).
 *
 *   npm test                     every suite
 *   npm test -- unit             one suite: unit | modules | http | browser
 *   npm test -- http ledger      extra arguments go to jest (a path filter)
 */
const fs = require("fs")
const path = require("path")
const { runJest, testDatabase, ROOT } = require("./lib/test-database")

const TEST_WORKERS = Math.max(1, Number(process.env.KAPY_TEST_WORKERS) || 2)

const SUITES = {
  unit: "unit",
  modules: "integration:modules",
  http: "integration:http",
  // Debian's Chromium driving the dev app's admin and demo page (playwright-core)
  browser: "integration:browser",
}

function parseArgs(argv) {
  const [first, ...rest] = argv
  if (first && SUITES[first]) {
    return { suites: [first], jestArgs: rest }
  }
  return { suites: Object.keys(SUITES), jestArgs: argv }
}

async function runSuite(name, jestArgs) {
  const report = path.join(ROOT, ".kapy", `jest-${name}.json`)
  fs.rmSync(report, { force: true })
  console.log(`\n[kapy test] ${name} tests`)
  const result = await runJest(
    ["--json", `--outputFile=${report}`, "--logHeapUsage", ...jestArgs],
    { TEST_TYPE: SUITES[name] },
    // the browser suite's global setup starts one dev app that its files share;
    // the HTTP and module files boot an app each, two at a time on two cores
    // (KAPY_TEST_WORKERS sets how many)
    { inBand: name === "browser", workers: name === "http" || name === "modules" ? TEST_WORKERS : 1 }
  )
  const counts = fs.existsSync(report)
    ? JSON.parse(fs.readFileSync(report, "utf8"))
    : { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0 }
  return {
    name,
    ok: result.status === 0,
    passed: counts.numPassedTests,
    failed: counts.numFailedTests,
    skipped: counts.numPendingTests,
    exitCode: result.status,
  }
}

async function main() {
  const { suites, jestArgs } = parseArgs(process.argv.slice(2))
  fs.mkdirSync(path.join(ROOT, ".kapy"), { recursive: true })
  const db = await testDatabase("kapy test")
  const results = []
  try {
    for (const suite of suites) {
      results.push(await runSuite(suite, jestArgs))
    }
  } finally {
    await db.stop()
  }

  console.log("\n[kapy test] summary")
  for (const r of results) {
    console.log(
      `  ${r.name.padEnd(8)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped${r.ok ? "" : ` (jest exit ${r.exitCode})`}`
    )
  }
  const total = (key) => results.reduce((sum, r) => sum + r[key], 0)
  const allOk = results.every((r) => r.ok)
  // The closing line CI reads; a suite that crashed without failed tests still counts as a failure.
  const failed = total("failed") || (allOk ? 0 : 1)
  console.log(`${total("passed")} passed, ${failed} failed, ${total("skipped")} skipped`)
  process.exit(allOk ? 0 : 1)
}

main().catch((error) => {
  console.error(error)
  console.log("0 passed, 1 failed")
  process.exit(1)
})
