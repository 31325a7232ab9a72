#!/usr/bin/env node
/**
 * `npm run bench -- <name> [args…]`: runs the benchmark bench/<name>/index.ts
 * (with ts-node/swc) against a real PostgreSQL: the server given by
 * DB_HOST / DB_PORT / DB_USERNAME / DB_PASSWORD, or, when DB_HOST is unset,
 * an embedded one started for the run in .kapy/bench-pg and removed after.
 * Without a name (or with an unknown one), lists the benchmarks.
 *
 * A folder with jest `*.bench.ts` files and no index.ts still runs, under
 * jest, until it is moved to an index.ts.
 */
const fs = require("fs")
const path = require("path")
const { spawn } = require("child_process")
const { startEmbeddedPostgres } = require("./lib/embedded-postgres")
const { runJest, ROOT } = require("./lib/test-database")

const BENCH_DIR = path.join(ROOT, "bench")
const EMBEDDED_DATA_DIR = path.join(ROOT, ".kapy", "bench-pg")
const EMBEDDED_PORT = 54340

/** name → how it runs: "script" (index.ts) or "jest" (*.bench.ts). */
function availableBenches() {
  const benches = new Map()
  for (const entry of fs.readdirSync(BENCH_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory()) {
      continue
    }
    const files = fs.readdirSync(path.join(BENCH_DIR, entry.name))
    if (files.includes("index.ts")) {
      benches.set(entry.name, "script")
    } else if (files.some((f) => f.endsWith(".bench.ts"))) {
      benches.set(entry.name, "jest")
    }
  }
  return new Map([...benches].sort(([a], [b]) => a.localeCompare(b)))
}

function printUsage(benches) {
  console.log("usage: npm run bench -- <name> [args…]\n\nbenchmarks:")
  for (const [name, kind] of benches) {
    const where = kind === "script" ? `bench/${name}/index.ts` : `bench/${name}/*.bench.ts (jest)`
    console.log(`  ${name.padEnd(12)} ${where}`)
  }
  console.log("\nDB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD choose the PostgreSQL; unset DB_HOST starts an embedded one.")
}

/** Sets the DB_* variables the benches read; returns how to stop what it started. */
async function provideDatabase() {
  if (process.env.DB_HOST) {
    console.log(`[kapy bench] PostgreSQL at ${process.env.DB_HOST}:${process.env.DB_PORT || 5432}`)
    return async () => {}
  }
  console.log(`[kapy bench] DB_HOST is not set: starting an embedded PostgreSQL in ${path.relative(ROOT, EMBEDDED_DATA_DIR)}`)
  const pg = await startEmbeddedPostgres({
    dataDir: EMBEDDED_DATA_DIR,
    port: EMBEDDED_PORT,
    persistent: false,
    // drained either way (see runScript); shown only on request
    log: process.env.KAPY_BENCH_PG_LOG ? (line) => console.log(`[postgres] ${line}`) : () => {},
  })
  Object.assign(process.env, {
    // "localhost", not 127.0.0.1: Medusa turns SSL on for any other host
    DB_HOST: pg.host,
    DB_PORT: String(pg.port),
    DB_USERNAME: pg.user,
    DB_PASSWORD: pg.password,
  })
  console.log(`[kapy bench] embedded PostgreSQL on port ${pg.port}`)
  return async () => {
    await pg.stop()
    fs.rmSync(EMBEDDED_DATA_DIR, { recursive: true, force: true })
  }
}

/**
 * Runs bench/<name>/index.ts in a child process, without blocking this one:
 * an embedded PostgreSQL logs into pipes this process drains, and a blocked
 * event loop would leave its backends stuck writing.
 */
function runScript(name, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [require.resolve("ts-node/dist/bin.js"), "--swc", path.join("bench", name, "index.ts"), ...args],
      {
        cwd: ROOT,
        stdio: "inherit",
        // Medusa logs every migration step at "info"; failures stay visible
        env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || "error" },
      }
    )
    // A terminal's Ctrl-C reaches the child too; it cleans up its database,
    // then this process stops the embedded server once the child is gone.
    const ignore = () => {}
    process.on("SIGINT", ignore)
    process.on("SIGTERM", ignore)
    child.on("error", reject)
    child.on("exit", (code, signal) => {
      process.off("SIGINT", ignore)
      process.off("SIGTERM", ignore)
      resolve(signal ? 1 : code)
    })
  })
}

async function runBench(name, kind, args) {
  if (kind === "script") {
    return await runScript(name, args)
  }
  const result = await runJest(["-c", "bench/jest.config.js", `bench/${name}/`, ...args], {}, { inBand: true })
  return result.status ?? 1
}

async function main() {
  const [name, ...args] = process.argv.slice(2)
  const benches = availableBenches()
  if (!name || !benches.has(name)) {
    if (name) {
      console.error(`[kapy bench] no benchmark named "${name}"\n`)
    }
    printUsage(benches)
    process.exit(name ? 2 : 0)
  }
  const stopDatabase = await provideDatabase()
  try {
    process.exitCode = await runBench(name, benches.get(name), args)
  } finally {
    await stopDatabase()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
