/**
 * The PostgreSQL that `npm test` and `npm run bench` use: the server given by
 * DB_HOST / DB_PORT / DB_USERNAME / DB_PASSWORD when DB_HOST is set,
 * otherwise an embedded one started for the run and removed afterwards.
 * Sets the DB_* variables Medusa's test runner reads.
 */
const fs = require("fs")
const path = require("path")
const { spawn } = require("child_process")
const { startEmbeddedPostgres } = require("./embedded-postgres")

const ROOT = path.resolve(__dirname, "..", "..")

async function testDatabase(label) {
  if (process.env.DB_HOST) {
    console.log(`[${label}] PostgreSQL at ${process.env.DB_HOST}:${process.env.DB_PORT || 5432}`)
    return { stop: async () => {} }
  }
  const dataDir = path.join(ROOT, ".kapy", `${label.replace(/\W+/g, "-")}-pg-${process.pid}`)
  console.log(`[${label}] DB_HOST is not set: starting an embedded PostgreSQL`)
  const pg = await startEmbeddedPostgres({ dataDir, port: 54330, persistent: false })
  Object.assign(process.env, {
    // "localhost", not 127.0.0.1: Medusa's test runner turns SSL on for any other host
    DB_HOST: pg.host,
    DB_PORT: String(pg.port),
    DB_USERNAME: pg.user,
    DB_PASSWORD: pg.password,
  })
  console.log(`[${label}] embedded PostgreSQL on port ${pg.port}`)
  return {
    stop: async () => {
      await pg.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Runs jest without blocking this process: an embedded PostgreSQL writes its
 * log to pipes this process drains, and a blocked event loop would leave its
 * backends stuck writing (and DROP DATABASE waiting on them forever).
 */
function runJest(args, env, { inBand = false, workers = 1 } = {}) {
  // Out of band, each file runs in a worker that jest replaces once it holds
  // more than the limit after a file: every HTTP and module spec boots a
  // whole Medusa app, and one process running all of them in turn outgrows
  // V8's heap. Each file has a database of its own, so `workers` files may
  // run at once.
  const schedule = inBand ? ["--runInBand"] : [`--maxWorkers=${workers}`, "--workerIdleMemoryLimit=1500MB"]
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve("jest/bin/jest"), ...schedule, "--forceExit", ...args], {
      cwd: ROOT,
      stdio: "inherit",
      env: {
        ...process.env,
        NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" "),
        // Medusa logs every migration and route at "info"; failures stay visible
        LOG_LEVEL: process.env.LOG_LEVEL || "error",
        ...env,
      },
    })
    child.on("error", reject)
    child.on("exit", (code, signal) => resolve({ status: signal ? 1 : code }))
  })
}

module.exports = { testDatabase, runJest, ROOT }
