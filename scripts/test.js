#!/usr/bin/env node
/**
 * `npm test`: unit, module and HTTP integration tests against a real
 * PostgreSQL. Uses the server given by DB_HOST / DB_PORT / DB_USERNAME /
 * DB_PASSWORD when DB_HOST is set; otherwise starts an embedded PostgreSQL
 * for the run and removes it afterwards.
 *
 *   npm test                     every suite
 *   npm test -- unit             one suite: unit | modules | http
 *   npm test -- http ledger      extra arguments go to jest (a path filter)
 */
const { spawn } = require("child_process")
const fs = require("fs")
const path = require("path")
const { startEmbeddedPostgres } = require("./lib/embedded-postgres")

const ROOT = path.resolve(__dirname, "..")
const SUITES = {
  unit: "unit",
  modules: "integration:modules",
  http: "integration:http",
}

function parseArgs(argv) {
  const [first, ...rest] = argv
  if (first && SUITES[first]) {
    return { suites: [first], jestArgs: rest }
  }
  return { suites: Object.keys(SUITES), jestArgs: argv }
}

async function database() {
  if (process.env.DB_HOST) {
    console.log(`[kapy test] PostgreSQL at ${process.env.DB_HOST}:${process.env.DB_PORT || 5432}`)
    return { stop: async () => {} }
  }
  const dataDir = path.join(ROOT, ".kapy", `test-pg-${process.pid}`)
  console.log("[kapy test] DB_HOST is not set: starting an embedded PostgreSQL")
  const pg = await startEmbeddedPostgres({ dataDir, port: 54330, persistent: false })
  Object.assign(process.env, {
    // "localhost", not 127.0.0.1: Medusa's test runner turns SSL on for any other host
    DB_HOST: pg.host,
    DB_PORT: String(pg.port),
    DB_USERNAME: pg.user,
    DB_PASSWORD: pg.password,
  })
  console.log(`[kapy test] embedded PostgreSQL on port ${pg.port}`)
  return {
    stop: async () => {
      await pg.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Runs a child without blocking this process: the embedded PostgreSQL writes
 * its log to pipes this process drains, and a blocked event loop would leave
 * its backends stuck writing (and DROP DATABASE waiting on them forever).
 */
function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options)
    child.on("error", reject)
    child.on("exit", (code, signal) => resolve({ status: signal ? 1 : code }))
  })
}

async function runSuite(name, jestArgs) {
  const report = path.join(ROOT, ".kapy", `jest-${name}.json`)
  fs.rmSync(report, { force: true })
  console.log(`\n[kapy test] ${name} tests`)
  const result = await run(
    process.execPath,
    [
      require.resolve("jest/bin/jest"),
      "--runInBand",
      "--forceExit",
      "--json",
      `--outputFile=${report}`,
      ...jestArgs,
    ],
    {
      cwd: ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        TEST_TYPE: SUITES[name],
        // Medusa logs every migration and route at "info"; failures stay visible
        LOG_LEVEL: process.env.LOG_LEVEL || "error",
        NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"]
          .filter(Boolean)
          .join(" "),
      },
    }
  )
  const counts = fs.existsSync(report)
    ? JSON.parse(fs.readFileSync(report, "utf8"))
    : { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTotalTestSuites: 0 }
  return {
    name,
    ok: result.status === 0,
    passed: counts.numPassedTests,
    failed: counts.numFailedTests + (result.status === 0 ? 0 : counts.numRuntimeErrorTestSuites || 0),
    skipped: counts.numPendingTests,
    exitCode: result.status,
  }
}

async function main() {
  const { suites, jestArgs } = parseArgs(process.argv.slice(2))
  fs.mkdirSync(path.join(ROOT, ".kapy"), { recursive: true })
  const db = await database()
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
  const failed = total("failed")
  const allOk = results.every((r) => r.ok)
  // The closing line CI reads.
  console.log(`${total("passed")} passed, ${failed || (allOk ? 0 : 1)} failed, ${total("skipped")} skipped`)
  process.exit(allOk ? 0 : 1)
}

main().catch((error) => {
  console.error(error)
  console.log("0 passed, 1 failed")
  process.exit(1)
})
