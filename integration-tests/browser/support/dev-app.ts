import { ChildProcess, spawn } from "child_process"
import fs from "fs"
import net from "net"
import path from "path"
import { Client } from "pg"
import { ACCESS_TOKEN, API_SECRET, API_VERSION, SHOP, TOKEN_KEY } from "../../shopify/harness"

/**
 * The dev app (`npm run dev`'s Medusa: Kapy's modules from src/, the admin,
 * the demo seed) started once for the browser suite on a database of its
 * own, on a free port. Its log goes to .kapy/browser-app.log.
 */
export type DevApp = {
  url: string
  databaseUrl: string
  stop: () => Promise<void>
}

const ROOT = path.resolve(__dirname, "..", "..", "..")
const MEDUSA = path.join(ROOT, "node_modules", ".bin", "medusa")
const LOG = path.join(ROOT, ".kapy", "browser-app.log")
const READY_TIMEOUT_MS = 240_000

function connection(database: string) {
  const user = process.env.DB_USERNAME || "postgres"
  const password = process.env.DB_PASSWORD || ""
  const host = process.env.DB_HOST || "localhost"
  const port = process.env.DB_PORT || "5432"
  const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user)
  return `postgres://${auth}@${host}:${port}/${database}`
}

async function adminQuery(sql: string) {
  const client = new Client({ connectionString: connection("postgres") })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

function run(args: string[], env: NodeJS.ProcessEnv, log: fs.WriteStream): ChildProcess {
  const child = spawn(MEDUSA, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] })
  child.stdout!.pipe(log, { end: false })
  child.stderr!.pipe(log, { end: false })
  return child
}

function finished(child: ChildProcess, label: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on("error", reject)
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${label} exited with ${code}; see ${LOG}`))
    )
  })
}

async function waitForHealth(url: string, server: ChildProcess) {
  const deadline = Date.now() + READY_TIMEOUT_MS
  let exited = false
  server.once("exit", () => (exited = true))
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the dev app stopped while starting; see ${LOG}`)
    try {
      const res = await fetch(`${url}/health`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`the dev app did not answer ${url}/health within ${READY_TIMEOUT_MS / 1000} s; see ${LOG}`)
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => signal("SIGKILL"), 10_000)
    child.once("exit", () => {
      clearTimeout(timer)
      resolve()
    })
    function signal(name: NodeJS.Signals) {
      try {
        process.kill(-child.pid!, name)
      } catch {
        // the group is gone
      }
    }
    signal("SIGTERM")
  })
}

/** Migrates and seeds a fresh database, then starts `medusa develop` on it. */
export async function startDevApp(): Promise<DevApp> {
  fs.mkdirSync(path.dirname(LOG), { recursive: true })
  const log = fs.createWriteStream(LOG)
  const database = `kapy_browser_${process.pid}`
  await adminQuery(`DROP DATABASE IF EXISTS ${database}`)
  await adminQuery(`CREATE DATABASE ${database}`)
  const port = await freePort()
  const url = `http://localhost:${port}`
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    DATABASE_URL: connection(database),
    PORT: String(port),
    LOG_LEVEL: "info",
    STORE_CORS: url,
    ADMIN_CORS: url,
    AUTH_CORS: url,
    MEDUSA_BACKEND_URL: url,
    // The Shopify adapter on, as the HTTP tests' test shop (integration-tests/shopify/harness.ts),
    // for the theme app extension's page (shopify-theme.spec.ts) and its signed app proxy calls.
    // The browser tests give it no Admin API: a call to one goes to a closed local port and fails.
    SHOPIFY_SHOP: SHOP,
    SHOPIFY_API_KEY: "kapy-test-key",
    SHOPIFY_API_SECRET: API_SECRET,
    SHOPIFY_ACCESS_TOKEN: ACCESS_TOKEN,
    SHOPIFY_API_VERSION: API_VERSION,
    SHOPIFY_ADMIN_API_URL: "http://127.0.0.1:9",
    KAPY_SHOPIFY_TOKEN_KEY: TOKEN_KEY,
  }
  await finished(run(["db:migrate"], env, log), "medusa db:migrate")
  await finished(run(["exec", "./src/scripts/seed-demo.ts"], env, log), "the demo seed")
  // What `medusa develop` forks, without its file watcher: a test run must
  // not restart on a file saved meanwhile. NODE_ENV=development serves the
  // admin from src/ (Kapy's extensions included) as `npm run dev` does.
  const server = run(["start"], env, log)
  const stop = async () => {
    await stopGroup(server)
    log.end()
    await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined)
  }
  try {
    await waitForHealth(url, server)
  } catch (error) {
    await stop()
    throw error
  }
  return { url, databaseUrl: env.DATABASE_URL!, stop }
}
