#!/usr/bin/env node
/**
 * `npm run test:cluster`: Kapy on Medusa as production runs it — two server
 * instances and a worker (MEDUSA_WORKER_MODE) on one PostgreSQL and one
 * Redis, with Medusa's Redis event bus, workflow engine and locking (what
 * medusa-config.ts turns on with REDIS_URL). Through both servers at once:
 *
 *  1. 15 checkouts of 100 cones each over a balance of 1 000: exactly 10
 *     charged, 5 refused with a clear error, the balance exact;
 *  2. one cart completed 6 times at once: one order, one debit;
 *  3. a burst of orders with the worker killed by SIGKILL mid-burst and
 *     started again, and some order.placed events delivered twice: every
 *     order earns exactly once;
 *  4. with two workers, a scheduled job (release of pending points, on a
 *     2-second interval here) runs once per tick;
 *  5. reconcile is clean at the end.
 *
 * Everything listens on 127.0.0.1, every loop has a deadline, and every
 * process and the database it made are removed at the end, also on failure.
 * Logs: .kapy/cluster/*.log. Redis: REDIS_URL's server (default
 * redis://127.0.0.1:6379), database 7, emptied first.
 */
const { spawn } = require("child_process")
const fs = require("fs")
const net = require("net")
const path = require("path")
const { Client } = require("pg")
const { testDatabase, ROOT } = require("./lib/test-database")

const MEDUSA = path.join(ROOT, "node_modules", ".bin", "medusa")
const LOGS = path.join(ROOT, ".kapy", "cluster")
const REDIS_BASE = (process.env.REDIS_URL || "redis://127.0.0.1:6379").replace(/\/\d+$/, "")
const REDIS_URL = `${REDIS_BASE}/7`
const TOTAL_DEADLINE_MS = 15 * 60_000
const TICK_MS = 2000
const DEMO_ADMIN = { email: "admin@kapy.dev", password: "kapy-admin-2026" }
// Medusa's Redis event bus keeps its BullMQ queue under this prefix
const EVENTS_PREFIX = "RedisEventBusService"
const EVENTS_QUEUE = "events-queue"

/** @typedef {import("child_process").ChildProcess & { label: string, exited: Promise<unknown> }} Proc */

const started = Date.now()
const children = new Set()
const results = []

function log(line) {
  process.stdout.write(`[kapy cluster] ${line}\n`)
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address())
      server.close(() => resolve(port))
    })
  })
}

function connection(database) {
  const user = encodeURIComponent(process.env.DB_USERNAME || "postgres")
  const password = process.env.DB_PASSWORD ? `:${encodeURIComponent(process.env.DB_PASSWORD)}` : ""
  return `postgres://${user}${password}@${process.env.DB_HOST || "localhost"}:${process.env.DB_PORT || 5432}/${database}`
}

/**
 * @param {string} url
 * @param {string} text
 * @param {unknown[]} [params]
 * @returns {Promise<any[]>}
 */
async function sql(url, text, params = []) {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text, params)).rows
  } finally {
    await client.end()
  }
}

/** A medusa command in its own process group, its output appended to .kapy/cluster/<name>.log. */
/**
 * @param {string} name
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @returns {Proc}
 */
function medusa(name, args, env) {
  const out = fs.openSync(path.join(LOGS, `${name}.log`), "a")
  const child = /** @type {Proc} */ (spawn(MEDUSA, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", out, out] }))
  fs.closeSync(out)
  child.label = name
  children.add(child)
  child.exited = new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      children.delete(child)
      resolve(signal || code)
    })
  )
  return child
}

async function finished(child) {
  const code = await child.exited
  if (code !== 0) {
    throw new Error(`${child.label} exited with ${code}; see .kapy/cluster/${child.label}.log`)
  }
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // gone already
  }
}

async function stop(child) {
  if (!children.has(child)) return
  killGroup(child, "SIGTERM")
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), 10_000)
  await child.exited
  clearTimeout(timer)
}

async function eventually(what, check, timeoutMs = 120_000, everyMs = 500) {
  const deadline = Date.now() + timeoutMs
  let last
  while (Date.now() < deadline) {
    last = await check()
    if (last) return last
    await sleep(everyMs)
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s`)
}

async function waitForHealth(url, child) {
  await eventually(
    `${child.label} answering ${url}/health`,
    async () => {
      if (!children.has(child)) throw new Error(`${child.label} stopped while starting; see .kapy/cluster/${child.label}.log`)
      try {
        return (await fetch(`${url}/health`)).ok
      } catch {
        return false
      }
    },
    240_000
  )
}

/** A small HTTP client for one base URL (a server instance). */
function clientFor(base) {
  /**
   * @param {string} method
   * @param {string} route
   * @param {{ body?: unknown, token?: string, key?: string }} [options]
   */
  return async function call(method, route, { body, token, key } = {}) {
    /** @type {Record<string, string>} */
    const headers = { "content-type": "application/json" }
    if (token) headers.authorization = `Bearer ${token}`
    if (key) headers["x-publishable-api-key"] = key
    const res = await fetch(`${base}${route}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    const text = await res.text()
    let data
    try {
      data = text ? JSON.parse(text) : {}
    } catch {
      data = { raw: text }
    }
    return { status: res.status, data }
  }
}

/** What a refused completion said, for the log. */
function refusal(answer) {
  return `${answer.status} ${answer.data.message || answer.data.error?.message || JSON.stringify(answer.data).slice(0, 300)}`
}

const placedOrder = (answer) => answer.status === 200 && answer.data.type === "order"

function expectEqual(actual, expected, what) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
}

async function scenario(name, fn) {
  const t0 = Date.now()
  try {
    await fn()
    results.push({ name, ok: true })
    log(`✓ ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  } catch (error) {
    results.push({ name, ok: false })
    log(`✕ ${name}: ${error.message}`)
  }
}

async function redisClient() {
  const { Redis } = require("ioredis")
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true })
  await redis.connect()
  return redis
}

async function main() {
  fs.rmSync(LOGS, { recursive: true, force: true })
  fs.mkdirSync(LOGS, { recursive: true })
  const guard = setTimeout(() => {
    log(`over ${TOTAL_DEADLINE_MS / 60_000} minutes: stopping`)
    for (const child of children) killGroup(child, "SIGKILL")
    console.log("0 passed, 1 failed")
    process.exit(1)
  }, TOTAL_DEADLINE_MS)
  guard.unref()

  const redis = await redisClient().catch((error) => {
    throw new Error(`no Redis at ${REDIS_BASE} (${error.message}); .ci/run starts one`)
  })
  await redis.flushdb()

  const db = await testDatabase("kapy cluster")
  const database = `kapy_cluster_${process.pid}`
  const adminUrl = connection("postgres")
  await sql(adminUrl, `DROP DATABASE IF EXISTS ${database}`)
  await sql(adminUrl, `CREATE DATABASE ${database}`)
  const databaseUrl = connection(database)

  const base = {
    ...process.env,
    NODE_ENV: "development",
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    LOG_LEVEL: "info",
    KAPY_DISABLE_ADMIN: "true",
    KAPY_RELEASE_PENDING_EVERY_MS: String(TICK_MS),
  }
  const ports = { a: await freePort(), b: await freePort(), w1: await freePort(), w2: await freePort() }
  const urls = { a: `http://127.0.0.1:${ports.a}`, b: `http://127.0.0.1:${ports.b}` }
  const cors = Object.values(urls).join(",")
  const env = (mode, port) => ({
    ...base,
    MEDUSA_WORKER_MODE: mode,
    PORT: String(port),
    STORE_CORS: cors,
    ADMIN_CORS: cors,
    AUTH_CORS: cors,
    // the workflow engine logs each scheduled run it executes at debug
    ...(mode === "worker" ? { LOG_LEVEL: "debug" } : {}),
  })

  try {
    log(`database ${database}, Redis ${REDIS_URL}`)
    log("migrating and seeding the demo shop")
    await finished(medusa("migrate", ["db:migrate"], env("shared", ports.a)))
    await finished(medusa("seed", ["exec", "./src/scripts/seed-demo.ts"], env("shared", ports.a)))

    log("starting server A, server B and worker 1")
    const serverA = medusa("server-a", ["start"], env("server", ports.a))
    const serverB = medusa("server-b", ["start"], env("server", ports.b))
    let worker = medusa("worker-1", ["start"], env("worker", ports.w1))
    await Promise.all([waitForHealth(urls.a, serverA), waitForHealth(urls.b, serverB), waitForHealth(`http://127.0.0.1:${ports.w1}`, worker)])
    log(`all three answer (${((Date.now() - started) / 1000).toFixed(0)} s since the start)`)

    const A = clientFor(urls.a)
    const B = clientFor(urls.b)
    const through = (i) => (i % 2 === 0 ? A : B)

    const login = await A("POST", "/auth/user/emailpass", { body: DEMO_ADMIN })
    const admin = login.data.token
    if (!admin) throw new Error(`admin login failed: ${JSON.stringify(login.data)}`)
    const keys = await A("GET", "/admin/api-keys?type=publishable&limit=1", { token: admin })
    const key = keys.data.api_keys[0].token
    const regions = await A("GET", "/store/regions", { key })
    const region = regions.data.regions.find((r) => r.currency_code === "eur")
    const products = await A("GET", `/store/products?region_id=${region.id}&limit=20&fields=id,*variants`, { key })
    const variantIds = products.data.products.flatMap((p) => p.variants).map((v) => v.id)
    let carts = 0
    // every cone counts here: no welcome bonus
    await A("POST", "/admin/loyalty/program", { token: admin, body: { earning: { signup_points: 0 } } })

    async function shopper(email) {
      const password = "cluster-test-2026"
      const registered = await A("POST", "/auth/customer/emailpass/register", { body: { email, password } })
      const created = await A("POST", "/store/customers", { token: registered.data.token, key, body: { email, first_name: "Cluster", last_name: "Tester" } })
      const token = (await B("POST", "/auth/customer/emailpass", { body: { email, password } })).data.token
      return { id: created.data.customer.id, token }
    }
    const address = { first_name: "Aino", last_name: "Virtanen", address_1: "Aleksanterinkatu 5", city: "Helsinki", postal_code: "00100", country_code: "fi" }

    /** A cart through server `call`: one item, address, shipping, cones, a payment session. */
    async function cart(call, who, cones) {
      const { data } = await call("POST", "/store/carts", {
        token: who.token,
        key,
        // the products in turn: one item's stock is not what this test is about
        body: {
          region_id: region.id,
          items: [{ variant_id: variantIds[carts++ % variantIds.length], quantity: 1 }],
          shipping_address: address,
          billing_address: address,
        },
      })
      const id = data.cart.id
      const options = await call("GET", `/store/shipping-options?cart_id=${id}`, { token: who.token, key })
      await call("POST", `/store/carts/${id}/shipping-methods`, { token: who.token, key, body: { option_id: options.data.shipping_options[0].id } })
      if (cones) {
        const applied = await call("POST", `/store/carts/${id}/loyalty-points`, { token: who.token, key, body: { points: cones } })
        if (applied.status !== 200) throw new Error(`applying ${cones} cones: ${applied.status} ${JSON.stringify(applied.data)}`)
      }
      const collection = await call("POST", "/store/payment-collections", { token: who.token, key, body: { cart_id: id } })
      await call("POST", `/store/payment-collections/${collection.data.payment_collection.id}/payment-sessions`, {
        token: who.token,
        key,
        body: { provider_id: "pp_system_default" },
      })
      return id
    }
    const complete = (call, who, id) => call("POST", `/store/carts/${id}/complete`, { token: who.token, key })
    const account = async (who) => (await A("GET", "/store/loyalty/me", { token: who.token, key })).data.account
    const give = (who, points, reason) =>
      A("POST", `/admin/loyalty/accounts/${who.id}/adjustments`, { token: admin, body: { points, reason } })

    await scenario("15 checkouts of 100 cones over a balance of 1 000 through both servers: 10 charged, 5 refused, balance exact", async () => {
      const aino = await shopper("cluster-aino@example.com")
      await give(aino, 1000, "cluster test")
      const carts = []
      for (let i = 0; i < 15; i++) carts.push(await cart(through(i), aino, 100))
      const answers = await Promise.all(carts.map((id, i) => complete(through(i + 1), aino, id)))
      const orders = answers.filter(placedOrder)
      for (const refused of answers.filter((r) => !placedOrder(r))) log(`   refused: ${refusal(refused)}`)
      expectEqual(orders.length, 10, "orders placed")
      for (const refused of answers.filter((r) => !(r.status === 200 && r.data.type === "order"))) {
        const message = refused.data.message || refused.data.error?.message || ""
        if (!/Not enough points: 0 available, 100 requested/.test(message)) {
          throw new Error(`a refused checkout said ${JSON.stringify(refused.data)}`)
        }
      }
      expectEqual((await account(aino)).points_balance, 0, "balance after the checkouts")
      const debits = await sql(
        databaseUrl,
        `SELECT count(*)::int AS n, COALESCE(SUM(e.points), 0)::int AS points FROM kapy_ledger_entry e
           JOIN kapy_account_identity i ON i.account_id = e.account_id AND i.provider = 'medusa' AND i.external_id = $1
          WHERE e.reason = 'redemption' AND e.voids_entry_id IS NULL
            AND NOT EXISTS (SELECT 1 FROM kapy_ledger_entry v WHERE v.voids_entry_id = e.id)`,
        [aino.id]
      )
      expectEqual(debits[0], { n: 10, points: -1000 }, "redemption entries standing")
    })

    await scenario("one cart completed 6 times at once through both servers: one order, one debit", async () => {
      const eero = await shopper("cluster-eero@example.com")
      await give(eero, 500, "cluster test")
      const id = await cart(A, eero, 300)
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => complete(through(i), eero, id)))
      const orderIds = new Set(answers.filter((r) => r.status === 200 && r.data.type === "order").map((r) => r.data.order.id))
      expectEqual(orderIds.size, 1, "distinct orders")
      const orders = await sql(databaseUrl, `SELECT count(*)::int AS n FROM order_cart WHERE cart_id = $1 AND deleted_at IS NULL`, [id])
      expectEqual(orders[0].n, 1, "orders linked to the cart")
      expectEqual((await account(eero)).points_balance, 200, "balance after one debit of 300")
    })

    await scenario("a burst of 24 orders with the worker killed mid-burst and restarted, events delivered twice: each order earns once", async () => {
      const who = await shopper("cluster-burst@example.com")
      const carts = []
      for (let i = 0; i < 24; i++) carts.push(await cart(through(i), who, 0))
      const placed = []
      const first = carts.slice(0, 8)
      placed.push(...(await Promise.all(first.map((id, i) => complete(through(i), who, id)))))
      // the worker dies while it works on the first orders' events
      killGroup(worker, "SIGKILL")
      await worker.exited
      log("   worker 1 killed (SIGKILL) mid-burst")
      placed.push(...(await Promise.all(carts.slice(8).map((id, i) => complete(through(i), who, id)))))
      for (const refused of placed.filter((r) => !placedOrder(r))) log(`   refused: ${refusal(refused)}`)
      const orderIds = placed.filter(placedOrder).map((r) => r.data.order.id)
      // an at-least-once bus may deliver an event again: order.placed for six orders once more
      const { Queue } = require("bullmq")
      const { Redis } = require("ioredis")
      const events = new Queue(EVENTS_QUEUE, { prefix: EVENTS_PREFIX, connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }) })
      const again = await events.addBulk(
        orderIds.slice(0, 6).map((id) => ({ name: "order.placed", data: { data: { id }, metadata: {} }, opts: { removeOnComplete: true, attempts: 1 } }))
      )
      expectEqual(again.length, 6, "events delivered again")
      await events.close()
      worker = medusa("worker-1b", ["start"], env("worker", ports.w1))
      await waitForHealth(`http://127.0.0.1:${ports.w1}`, worker)
      log("   worker 1 started again")
      expectEqual(orderIds.length, 24, "orders placed")
      const standing = async () =>
        sql(
          databaseUrl,
          `SELECT e.source_id, count(*)::int AS n FROM kapy_ledger_entry e
            WHERE e.reason = 'order' AND e.source_id = ANY($1) AND e.voids_entry_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM kapy_ledger_entry v WHERE v.voids_entry_id = e.id)
            GROUP BY e.source_id`,
          [orderIds]
        )
      await eventually("every order of the burst earning", async () => (await standing()).length === orderIds.length, 180_000, 1000)
      // the queue drained (the redelivered events included) before counting again
      await eventually(
        "the event queue drained",
        async () =>
          (await redis.llen(`${EVENTS_PREFIX}:${EVENTS_QUEUE}:wait`)) +
            (await redis.llen(`${EVENTS_PREFIX}:${EVENTS_QUEUE}:active`)) +
            (await redis.zcard(`${EVENTS_PREFIX}:${EVENTS_QUEUE}:prioritized`)) +
            (await redis.zcard(`${EVENTS_PREFIX}:${EVENTS_QUEUE}:delayed`)) ===
          0,
        120_000,
        1000
      )
      const twice = (await standing()).filter((r) => r.n !== 1)
      expectEqual(twice, [], "orders earning more than once")
    })

    await scenario("with two workers, the release job runs once per tick", async () => {
      const second = medusa("worker-2", ["start"], env("worker", ports.w2))
      await waitForHealth(`http://127.0.0.1:${ports.w2}`, second)
      // ticks the shared scheduler (BullMQ in Redis) completed, and runs the workers' engines logged
      const completedTicks = async () => {
        let n = 0
        for (const id of await redis.zrange("bull:medusa-workflows-jobs:completed", 0, -1)) {
          const data = await redis.hget(`bull:medusa-workflows-jobs:${id}`, "data")
          if (data && JSON.parse(data).jobId === "job-kapy-release-pending-points") n++
        }
        return n
      }
      const runsLogged = () =>
        [worker, second]
          .map((w) => fs.readFileSync(path.join(LOGS, `${w.label}.log`), "utf8"))
          .join("\n")
          .split("executing scheduled job job-kapy-release-pending-points").length - 1
      await sleep(TICK_MS * 2)
      const before = { ticks: await completedTicks(), runs: runsLogged() }
      await sleep(TICK_MS * 6)
      const after = { ticks: await completedTicks(), runs: runsLogged() }
      const ticks = after.ticks - before.ticks
      const runs = after.runs - before.runs
      log(`   ${ticks} ticks completed, ${runs} runs logged by the two workers`)
      if (ticks < 4) throw new Error(`only ${ticks} ticks of the release job in ${(TICK_MS * 6) / 1000} s`)
      // one tick may be in flight at either edge of the window
      if (Math.abs(runs - ticks) > 1) throw new Error(`${runs} runs for ${ticks} ticks`)
      for (const w of [worker, second]) {
        if (!children.has(w)) throw new Error(`${w.label} stopped; see its log`)
      }
      await stop(second)
    })

    await scenario("reconcile is clean", async () => {
      const reconcile = spawn(process.execPath, [path.join(ROOT, "scripts", "kapy.js"), "reconcile", "--json"], {
        cwd: ROOT,
        env: { ...base, MEDUSA_WORKER_MODE: "server", LOG_LEVEL: "error" },
        stdio: ["ignore", "pipe", fs.openSync(path.join(LOGS, "reconcile.log"), "a")],
      })
      let out = ""
      reconcile.stdout?.on("data", (chunk) => (out += chunk))
      const code = await new Promise((resolve) => reconcile.on("exit", resolve))
      if (code !== 0) throw new Error(`reconcile exited with ${code}: ${out.slice(-2000)}`)
    })

    await Promise.all([stop(serverA), stop(serverB), stop(worker)])
  } finally {
    for (const child of [...children]) await stop(child)
    await redis.flushdb().catch(() => undefined)
    redis.disconnect()
    await sql(adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined)
    await db.stop()
  }
}

main()
  .catch((error) => {
    log(`stopped: ${error.stack || error.message}`)
    results.push({ name: "setup", ok: false })
  })
  .finally(() => {
    const passed = results.filter((r) => r.ok).length
    const failed = results.length - passed
    log(`${((Date.now() - started) / 1000).toFixed(0)} s`)
    console.log(`${passed} passed, ${failed} failed`)
    process.exit(failed || !passed ? 1 : 0)
  })
