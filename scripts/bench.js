#!/usr/bin/env node
/**
 * `npm run bench`: runs every benchmark, one after another, and writes their
 * headline figures (bench/lib/figures.ts) as one table into BENCHMARKS.md,
 * between the summary markers, with the date, the machine and the command.
 * `npm run bench -- <name> [args…]`: runs the benchmark bench/<name>/index.ts
 * (with ts-node/swc) alone. Both against a real PostgreSQL: the server given by
 * DB_HOST / DB_PORT / DB_USERNAME / DB_PASSWORD, or, when DB_HOST is unset,
 * an embedded one started for the run in .kapy/bench-pg and removed after.
 * `npm run bench -- list` (or an unknown name) lists the benchmarks.
 *
 * A folder with jest `*.bench.ts` files and no index.ts still runs, under
 * jest, until it is moved to an index.ts.
 */
const fs = require("fs")
const os = require("os")
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
  console.log("usage: npm run bench                  every benchmark, figures into BENCHMARKS.md")
  console.log("       npm run bench -- <name> [args…] one benchmark\n\nbenchmarks:")
  for (const [name, kind] of benches) {
    const where = kind === "script" ? `bench/${name}/index.ts` : `bench/${name}/*.bench.ts (jest)`
    console.log(`  ${name.padEnd(17)} ${where}`)
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

/**
 * What each bench runs with in `npm run bench` (every bench in one go, on 2
 * cores within about 10 minutes): the bench's own defaults except where a
 * smaller size measures the same thing. A variable set by the caller wins.
 */
const SUITE_SETTINGS = {
  awards: { KAPY_BENCH_ROUNDS: "2" },
  checkout: { KAPY_BENCH_ORDERS: "10", KAPY_BENCH_ROUNDS: "2" },
  earn: { KAPY_BENCH_ORDERS: "12", KAPY_BENCH_ROUNDS: "2", KAPY_BENCH_COUNT_ORDERS: "5" },
  import: { KAPY_BENCH_SINGLES: "1000" },
  tiers: { KAPY_BENCH_SINGLES: "300", NODE_OPTIONS: "--expose-gc" },
}

const SUMMARY_START = "<!-- bench summary: written by `npm run bench`; edits here are overwritten -->"
const SUMMARY_END = "<!-- end of bench summary -->"

/** The table `npm run bench` writes: one row per headline figure. */
function summaryTable(figures, runs, started) {
  const cpu = os.cpus()
  const machine = `${cpu.length} × ${cpu[0] ? cpu[0].model.trim() : "CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, PostgreSQL at ${process.env.DB_HOST}`
  const date = started.toISOString().slice(0, 16).replace("T", " ") + " UTC"
  const mark = (met) => (met === undefined ? "" : met ? " ✓" : " ✗")
  const rows = figures.map(
    (f) => `| ${f.figure} | ${f.goal} | ${f.measured}${mark(f.met)} | bench/${f.bench} |`
  )
  const failed = runs.filter((r) => r.code !== 0).map((r) => `bench/${r.name} (exit ${r.code})`)
  return [
    SUMMARY_START,
    `Measured ${date} by \`npm run bench\` (every bench in one run, ${runs.map((r) => `${r.name} ${Math.round(r.seconds)} s`).join(", ")}; ` +
      `${Math.round(runs.reduce((s, r) => s + r.seconds, 0) / 60)} min in all) on ${machine}; load average at start ${runs.length ? runs[0].load : ""}. ` +
      "✓ goal met, ✗ goal missed; each bench checked its own correctness (reconcile, entry counts without voided entries) before it recorded a figure.",
    "",
    "| figure | goal | measured | bench |",
    "| --- | --- | --- | --- |",
    ...rows,
    ...(failed.length ? ["", `Failed, no figures: ${failed.join(", ")}.`] : []),
    SUMMARY_END,
  ].join("\n")
}

/** Puts the table between the markers in BENCHMARKS.md (after its first paragraph the first time). */
function writeSummary(table) {
  const file = path.join(ROOT, "BENCHMARKS.md")
  const text = fs.readFileSync(file, "utf8")
  const start = text.indexOf(SUMMARY_START)
  const end = text.indexOf(SUMMARY_END)
  let next
  if (start >= 0 && end > start) {
    next = text.slice(0, start) + table + text.slice(end + SUMMARY_END.length)
  } else {
    const firstSection = text.indexOf("\n## ")
    const at = firstSection >= 0 ? firstSection + 1 : text.length
    next = text.slice(0, at) + "## All figures, one run\n\n" + table + "\n\n" + text.slice(at)
  }
  fs.writeFileSync(file, next)
}

/** Every bench in turn (each one's failure recorded, the rest still run), then the table. */
async function runAll(benches) {
  const figuresFile = path.join(os.tmpdir(), `kapy-bench-figures-${process.pid}.jsonl`)
  fs.rmSync(figuresFile, { force: true })
  process.env.KAPY_BENCH_FIGURES = figuresFile
  const started = new Date()
  const runs = []
  for (const [name, kind] of benches) {
    const settings = Object.fromEntries(
      Object.entries(SUITE_SETTINGS[name] || {}).filter(([key]) => process.env[key] === undefined)
    )
    const load = os.loadavg().map((l) => l.toFixed(1)).join(" ")
    console.log(`\n[kapy bench] ${runs.length + 1}/${benches.size} ${name} ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(" ")}`)
    const saved = { ...process.env }
    Object.assign(process.env, settings)
    const t = process.hrtime.bigint()
    let code
    try {
      code = await runBench(name, kind, [])
    } finally {
      process.env = saved
    }
    runs.push({ name, code, load, seconds: Number(process.hrtime.bigint() - t) / 1e9 })
  }
  const figures = fs.existsSync(figuresFile)
    ? fs.readFileSync(figuresFile, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line))
    : []
  fs.rmSync(figuresFile, { force: true })
  const table = summaryTable(figures, runs, started)
  writeSummary(table)
  console.log(`\n${table}\n\n[kapy bench] written into BENCHMARKS.md`)
  return runs.every((r) => r.code === 0) ? 0 : 1
}

async function main() {
  const [name, ...args] = process.argv.slice(2)
  const benches = availableBenches()
  if (!name) {
    const stopDatabase = await provideDatabase()
    try {
      process.exitCode = await runAll(benches)
    } finally {
      await stopDatabase()
    }
    return
  }
  if (!benches.has(name)) {
    if (name !== "list") {
      console.error(`[kapy bench] no benchmark named "${name}"\n`)
    }
    printUsage(benches)
    process.exit(name === "list" ? 0 : 2)
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
