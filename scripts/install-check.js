#!/usr/bin/env node
/**
 * `npm run test:install`: installs Kapy the way a webshop owner does, into a
 * scratch Medusa app, and checks it over HTTP.
 *
 *  1. packs the plugin (`npm pack`, whose `prepack` builds it) and checks
 *     what the tarball holds;
 *  2. writes a Medusa app by hand in a temp dir (no starter: GitHub is not
 *     reachable) on the newest patch of Medusa 2.21, with `medusa-plugin-kapy`
 *     and `@medusajs/loyalty-plugin` under `plugins`, Kapy's validate hook
 *     switched off and the shop's own handler calling Kapy's exported one;
 *  3. installs the tarball there the way docs/install-and-production.md says
 *     (vendored: copied into the app's vendor/ and depended on as
 *     `file:vendor/…`, no --legacy-peer-deps), creates a fresh database,
 *     runs `medusa db:migrate`, creates an admin user, runs `medusa build`
 *     (which type-checks the app's imports of Kapy's types), copies vendor/
 *     into .medusa/server, installs there with an empty npm cache (what a
 *     fresh deploy host has) and runs `medusa start` from there on a free
 *     port;
 *  4. checks GET /store/loyalty/program, a registration's signup points in
 *     GET /store/loyalty/me, an admin adjustment, and a route of Medusa's
 *     loyalty plugin beside Kapy.
 *
 * Exits 1 naming the step that failed. Stops the server (its whole process
 * group) and removes the temp dir and the database at the end, also on
 * failure.
 *
 * Environment:
 *   DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD   the PostgreSQL to create the
 *        database on (as `npm test`); without DB_HOST an embedded one
 *   KAPY_INSTALL_CHECK_MEDUSA=2.21   the Medusa line; the app gets its newest patch
 *   KAPY_INSTALL_CHECK_ADMIN=true    build and serve the admin too (slower, ~2 GB)
 *   KAPY_INSTALL_CHECK_BREAK=empty|route   install a broken package on purpose,
 *        to see the check fail: `empty` packs without building (what an
 *        unbuilt git checkout packs), `route` drops GET /store/loyalty/program
 *   KAPY_INSTALL_CHECK_KEEP=true     keep the temp dir (the app and its logs)
 */
const { spawn, spawnSync } = require("child_process")
const fs = require("fs")
const net = require("net")
const os = require("os")
const path = require("path")
const { testDatabase } = require("./lib/test-database")

const ROOT = path.resolve(__dirname, "..")
const PKG = require(path.join(ROOT, "package.json"))
const MEDUSA_LINE = process.env.KAPY_INSTALL_CHECK_MEDUSA || "2.21"
const WITH_ADMIN = process.env.KAPY_INSTALL_CHECK_ADMIN === "true"
const BREAK = process.env.KAPY_INSTALL_CHECK_BREAK || ""
const KEEP = process.env.KAPY_INSTALL_CHECK_KEEP === "true"
const SIGNUP_POINTS = 50 // PRODUCT.md's default, which the app keeps
const ROUTE_DROPPED_BY_BREAK = ".medusa/server/src/api/store/loyalty/program/route.js"

const started = Date.now()
/** @type {(() => unknown)[]} */
const cleanups = []
/** Commands under way, each in its own process group: stopped on SIGINT / SIGTERM. */
const running = new Set()
let currentStep = "setting up"
let stepNumber = 0

function log(line) {
  console.log(`[install-check] ${line}`)
}

class StepError extends Error {}

async function step(name, fn) {
  currentStep = name
  stepNumber++
  const t0 = Date.now()
  log(`${stepNumber}. ${name} …`)
  const result = await fn()
  log(`   ok (${((Date.now() - t0) / 1000).toFixed(1)} s)`)
  return result
}

function fail(message) {
  throw new StepError(message)
}

/**
 * Runs a command to completion, its output into `logFile`; fails with the log's tail.
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string, logFile: string, env?: Record<string, string>, timeoutMs?: number }} options
 */
function run(command, args, { cwd, env, logFile, timeoutMs = 15 * 60_000 }) {
  return new Promise((/** @type {(value?: void) => void} */ resolve, reject) => {
    const out = fs.openSync(logFile, "a")
    fs.writeSync(out, `\n$ ${command} ${args.join(" ")}   (in ${cwd})\n`)
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", out, out],
      detached: true,
    })
    running.add(child)
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), timeoutMs)
    child.on("error", (error) => {
      running.delete(child)
      clearTimeout(timer)
      fs.closeSync(out)
      reject(error)
    })
    child.on("exit", (code, signal) => {
      running.delete(child)
      clearTimeout(timer)
      fs.closeSync(out)
      if (code === 0) {
        resolve()
      } else {
        reject(
          new StepError(
            `\`${command} ${args.join(" ")}\` ${signal ? `was killed (${signal})` : `exited with ${code}`}:\n${tail(logFile)}`
          )
        )
      }
    })
  })
}

function tail(file, lines = 25) {
  try {
    return fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => !/Unknown user config "nodedir"/.test(l))
      .slice(-lines)
      .map((l) => `      ${l}`)
      .join("\n")
  } catch {
    return "      (no log)"
  }
}

function npmView(spec, field = "version") {
  const result = spawnSync("npm", ["view", spec, field, "--json"], { encoding: "utf8" })
  if (result.status !== 0) {
    fail(`npm view ${spec} ${field} failed:\n${result.stderr}`)
  }
  return result.stdout.trim() ? JSON.parse(result.stdout) : undefined
}

function compareVersions(a, b) {
  const pa = a.split(/[.-]/).map(Number)
  const pb = b.split(/[.-]/).map(Number)
  for (let i = 0; i < 3; i++) {
    if (pa[i] !== pb[i]) return pa[i] - pb[i]
  }
  return 0
}

/** The newest release (no pre-release) of a package within a line such as "2.21". */
function newest(name, line) {
  const found = npmView(`${name}@${line}`)
  const versions = [found].flat().filter((v) => typeof v === "string" && /^\d+\.\d+\.\d+$/.test(v))
  if (!versions.length) {
    fail(`no release of ${name} matches ${line}`)
  }
  return versions.sort(compareVersions).pop()
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("net").AddressInfo} */ (server.address())
      server.close(() => resolve(port))
    })
  })
}

/** Where Node finds package `name` from `dir`: the nearest node_modules up the tree. */
function packageDirFrom(dir, name) {
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, "node_modules", name, "package.json")
    if (fs.existsSync(candidate)) {
      return fs.realpathSync(path.dirname(candidate))
    }
    if (path.dirname(current) === current) {
      return null
    }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * @param {string} base
 * @param {string} method
 * @param {string} route
 * @param {{ body?: unknown, token?: string, key?: string }} [options]
 */
async function http(base, method, route, { body, token, key } = {}) {
  const headers = { "content-type": "application/json" }
  if (token) headers.authorization = `Bearer ${token}`
  if (key) headers["x-publishable-api-key"] = key
  const response = await fetch(`${base}${route}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  let data
  try {
    data = JSON.parse(text)
  } catch {
    data = text
  }
  return { status: response.status, data }
}

/**
 * @param {string} base
 * @param {string} method
 * @param {string} route
 * @param {number} expected
 * @param {{ body?: unknown, token?: string, key?: string }} [options]
 * @returns {Promise<any>}
 */
async function expectStatus(base, method, route, expected, options) {
  const response = await http(base, method, route, options)
  if (response.status !== expected) {
    fail(`${method} ${route} answered ${response.status}, expected ${expected}: ${JSON.stringify(response.data).slice(0, 400)}`)
  }
  return response.data
}

// ---------------------------------------------------------------------------

function appPackageJson({ medusa, loyaltyPlugin, overrides, tarball }) {
  return {
    name: "kapy-install-check-shop",
    version: "0.0.0",
    private: true,
    description: "A Medusa app written by scripts/install-check.js",
    scripts: { build: "medusa build", start: "medusa start" },
    dependencies: {
      "@medusajs/admin-sdk": medusa,
      "@medusajs/cli": medusa,
      "@medusajs/framework": medusa,
      "@medusajs/loyalty-plugin": loyaltyPlugin,
      "@medusajs/medusa": medusa,
      // vendored in the app, as docs/install-and-production.md says: the relative spec
      // resolves from .medusa/server too once vendor/ is copied there
      "medusa-plugin-kapy": `file:vendor/${path.basename(tarball)}`,
    },
    devDependencies: {
      "@swc/core": PKG.devDependencies["@swc/core"],
      "@types/node": PKG.devDependencies["@types/node"],
      "ts-node": PKG.devDependencies["ts-node"],
      typescript: PKG.devDependencies.typescript,
      ...(WITH_ADMIN
        ? {
            "@types/react": PKG.devDependencies["@types/react"],
            react: PKG.devDependencies.react,
            "react-dom": PKG.devDependencies["react-dom"],
            vite: PKG.devDependencies.vite,
          }
        : {}),
    },
    engines: { node: ">=20" },
    ...(Object.keys(overrides).length ? { overrides } : {}),
    allowScripts: {
      "@swc/core": true,
      esbuild: true,
      "msgpackr-extract": true,
      protobufjs: true,
      "@medusajs/telemetry": false,
    },
  }
}

const MEDUSA_CONFIG = `import { defineConfig, loadEnv } from "@medusajs/framework/utils"
import type { KapyPluginOptions } from "medusa-plugin-kapy/types"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

const kapy: KapyPluginOptions = {
  program: { storefront_url: "http://shop.example.test" },
  // this shop has its own completeCartWorkflow validate handler
  // (src/workflows/hooks/complete-cart-validate.ts), which calls Kapy's
  hooks: { completeCartValidate: false },
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:8000,http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: { disable: process.env.KAPY_INSTALL_CHECK_ADMIN !== "true" },
  plugins: [
    { resolve: "medusa-plugin-kapy", options: kapy },
    { resolve: "@medusajs/loyalty-plugin", options: {} },
  ],
})
`

// The shop's own validate handler, as docs/install-and-production.md ("Core-flow hooks") shows it.
const OWN_VALIDATE_HOOK = `import { completeCartWorkflow } from "@medusajs/medusa/core-flows"
import { redeemCartPointsOnValidate, voidCartPointsRedemption } from "medusa-plugin-kapy/workflows"

completeCartWorkflow.hooks.validate(async (input, context) => {
  // the shop's own checks would go here
  return redeemCartPointsOnValidate(input, context)
}, voidCartPointsRedemption)
`

// Compiled (and type-checked) by \`medusa build\`; never run. With
// noImplicitAny, an import without type declarations fails the build, and an
// unused @ts-expect-error fails it too: the exports are typed, not \`any\`.
const TYPES_USE = `import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE, type LoyaltyModuleService } from "medusa-plugin-kapy/modules/loyalty"
import { LoyaltyEvents, redeemCartPointsOnValidate } from "medusa-plugin-kapy/workflows"

export const pointsEarnedEvent: string = LoyaltyEvents.POINTS_EARNED

export function loyaltyOf(container: MedusaContainer): LoyaltyModuleService {
  return container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
}

export function typedExports() {
  // @ts-expect-error the handler takes the hook's input and context
  return redeemCartPointsOnValidate("not a hook input")
}
`

const APP_TSCONFIG = {
  compilerOptions: {
    target: "ES2021",
    esModuleInterop: true,
    module: "Node16",
    moduleResolution: "Node16",
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    skipLibCheck: true,
    skipDefaultLibCheck: true,
    declaration: false,
    sourceMap: false,
    inlineSourceMap: true,
    outDir: "./.medusa/server",
    rootDir: "./",
    jsx: "react-jsx",
    forceConsistentCasingInFileNames: true,
    resolveJsonModule: true,
    checkJs: false,
    strictNullChecks: true,
    noImplicitAny: true,
  },
  "ts-node": { swc: true },
  include: ["**/*", ".medusa/types/*"],
  exclude: ["node_modules", ".medusa/server", ".medusa/admin", ".cache"],
}

/** What the tarball must hold, and what it must not. */
function inspectTarball(tarball) {
  const listing = spawnSync("tar", ["-tzf", tarball], { encoding: "utf8" })
  if (listing.status !== 0) {
    fail(`tar could not read ${tarball}: ${listing.stderr}`)
  }
  const files = listing.stdout.split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""))
  const has = (test) => files.some((f) => (typeof test === "string" ? f === test : test.test(f)))
  const required = [
    [".medusa/server/src/workflows/index.js", "compiled server code"],
    [".medusa/server/src/exports/workflows.js", "the medusa-plugin-kapy/workflows entry"],
    [/^\.medusa\/server\/src\/api\/.*\/route\.js$/, "compiled API routes"],
    [/^\.medusa\/server\/src\/subscribers\/.*\.js$/, "compiled subscribers"],
    [/^\.medusa\/server\/src\/modules\/loyalty\/migrations\/Migration\d+\.js$/, "the loyalty module's migrations"],
    [".medusa/server/src/admin/index.js", "the admin bundle"],
    [".medusa/server/src/admin/index.mjs", "the admin bundle (ESM)"],
    [".medusa/server/src/exports/workflows.d.ts", "type declarations of medusa-plugin-kapy/workflows"],
    [".medusa/server/src/modules/loyalty/index.d.ts", "type declarations of the loyalty module"],
    [".medusa/server/src/types/index.d.ts", "type declarations of medusa-plugin-kapy/types"],
    ["LICENSE", "the LICENSE file"],
    ["README.md", "the README"],
  ]
  const missing = required.filter(([test]) => !has(test)).map(([, what]) => what)
  if (missing.length) {
    const empty = !has(/^\.medusa\/server\/src\//)
    fail(
      (empty
        ? `the package is empty: it holds no compiled server code (${files.join(", ")}); it was packed without a build`
        : `the package lacks ${missing.join(", ")}`)
    )
  }
  /** @type {[RegExp, string][]} */
  const forbidden = [
    [/seed-demo|\/scripts\/demo\//, "the demo seed (with its passwords)"],
    [/(^|\/)(__tests__|integration-tests)\/|\.spec\.[jt]s$/, "tests"],
    [/^bench\//, "benchmarks"],
    [/^\.kapy\/|^src\/|medusa-config/, "development files"],
  ]
  const found = forbidden
    .map(([test, what]) => /** @type {[string, string[]]} */ ([what, files.filter((f) => test.test(f))]))
    .filter(([, list]) => list.length)
  if (found.length) {
    fail(`the package holds ${found.map(([what, list]) => `${what} (${list.slice(0, 3).join(", ")})`).join("; ")}`)
  }
  inspectAdminBundle(tarball)
  return files.length
}

/**
 * What Medusa's dashboard loads from the package: the Loyalty section's
 * routes (the sidebar's "Loyalty" and its pages) and the customer and order
 * widgets in their zones. An admin bundle built from an empty src/admin
 * holds none of them.
 */
const ADMIN_MARKERS = [
  ['"/loyalty"', "the Loyalty route"],
  ['"/loyalty/reports"', "the Reports page"],
  ['"/loyalty/moderation"', "the Moderation page"],
  ['"customer.details.after"', "the customer page widget"],
  ['"order.details.after"', "the order page widget"],
]

function missingAdminMarkers(source) {
  const compact = source.replace(/'/g, '"')
  return ADMIN_MARKERS.filter(([marker]) => !compact.includes(marker)).map(([, what]) => what)
}

function inspectAdminBundle(tarball) {
  const bundle = spawnSync("tar", ["-xzOf", tarball, "package/.medusa/server/src/admin/index.mjs"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  })
  if (bundle.status !== 0) {
    fail(`tar could not read the admin bundle: ${bundle.stderr}`)
  }
  const missing = missingAdminMarkers(bundle.stdout)
  if (missing.length) {
    fail(`the admin bundle (.medusa/server/src/admin/index.mjs) lacks ${missing.join(", ")}`)
  }
}

async function main() {
  log(`Kapy ${PKG.version} into a scratch Medusa ${MEDUSA_LINE}.x app${BREAK ? ` — with a package broken on purpose: ${BREAK}` : ""}`)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kapy-install-check-"))
  const logs = path.join(tmp, "logs")
  fs.mkdirSync(logs)
  cleanups.push(() => {
    if (KEEP) {
      log(`kept ${tmp}`)
    } else {
      fs.rmSync(tmp, { recursive: true, force: true })
    }
  })
  const packDir = path.join(tmp, "pack")
  const appDir = path.join(tmp, "app")
  fs.mkdirSync(packDir)
  fs.mkdirSync(appDir)

  const tarball = await step("pack the plugin (npm pack; prepack builds it)", async () => {
    if (BREAK === "empty") {
      // What packing an unbuilt checkout yields: package.json, README, LICENSE.
      const stage = path.join(tmp, "unbuilt")
      fs.mkdirSync(stage)
      for (const f of ["package.json", "README.md", "LICENSE"]) {
        fs.copyFileSync(path.join(ROOT, f), path.join(stage, f))
      }
      await run("npm", ["pack", "--ignore-scripts", "--pack-destination", packDir], {
        cwd: stage,
        logFile: path.join(logs, "pack.log"),
      })
    } else {
      await run("npm", ["pack", "--pack-destination", packDir], { cwd: ROOT, logFile: path.join(logs, "pack.log") })
    }
    const packed = fs.readdirSync(packDir).filter((f) => f.endsWith(".tgz"))
    if (packed.length !== 1) {
      fail(`expected one tarball in ${packDir}, found ${packed.length}`)
    }
    const file = path.join(packDir, packed[0])
    if (BREAK === "route") {
      const unpacked = path.join(tmp, "unpacked")
      fs.mkdirSync(unpacked)
      await run("tar", ["-xzf", file, "-C", unpacked], { cwd: tmp, logFile: path.join(logs, "pack.log") })
      fs.rmSync(path.join(unpacked, "package", ROUTE_DROPPED_BY_BREAK))
      await run("tar", ["-czf", file, "-C", unpacked, "package"], { cwd: tmp, logFile: path.join(logs, "pack.log") })
    }
    return file
  })

  await step("inspect the package", async () => {
    const count = inspectTarball(tarball)
    log(`   ${path.basename(tarball)}: ${count} files, ${(fs.statSync(tarball).size / 1024).toFixed(0)} kB`)
  })

  const versions = await step(`resolve the newest Medusa ${MEDUSA_LINE}.x`, async () => {
    const medusa = newest("@medusajs/medusa", MEDUSA_LINE)
    const loyaltyPlugin = newest("@medusajs/loyalty-plugin", MEDUSA_LINE)
    const ui = npmView(`@medusajs/dashboard@${medusa}`, "dependencies")?.["@medusajs/ui"]
    // Medusa's loyalty plugin pins its peers to its own release: on a newer
    // patch it does not install without this (Kapy's ranges need nothing like it).
    const overrides = {}
    if (loyaltyPlugin !== medusa) {
      const peers = npmView(`@medusajs/loyalty-plugin@${loyaltyPlugin}`, "peerDependencies") || {}
      const pinned = {}
      for (const [name, range] of Object.entries(peers)) {
        if (!name.startsWith("@medusajs/")) continue
        const wanted = name === "@medusajs/ui" ? ui : medusa
        if (wanted && range !== wanted) pinned[name] = wanted
      }
      if (Object.keys(pinned).length) {
        overrides["@medusajs/loyalty-plugin"] = pinned
        log(`   @medusajs/loyalty-plugin ${loyaltyPlugin} pins its peers to ${loyaltyPlugin}: overridden for it alone`)
      }
    }
    log(`   @medusajs/medusa ${medusa}, @medusajs/loyalty-plugin ${loyaltyPlugin}, dashboard's @medusajs/ui ${ui}`)
    return { medusa, loyaltyPlugin, ui, overrides }
  })

  await step("write the app (package.json, medusa-config.ts, tsconfig.json, the shop's own validate hook)", async () => {
    const write = (file, content) => {
      fs.mkdirSync(path.dirname(path.join(appDir, file)), { recursive: true })
      fs.writeFileSync(path.join(appDir, file), typeof content === "string" ? content : JSON.stringify(content, null, 2) + "\n")
    }
    fs.mkdirSync(path.join(appDir, "vendor"))
    fs.copyFileSync(tarball, path.join(appDir, "vendor", path.basename(tarball)))
    write("package.json", appPackageJson({ ...versions, tarball }))
    write("medusa-config.ts", MEDUSA_CONFIG)
    write("tsconfig.json", APP_TSCONFIG)
    write("src/admin/tsconfig.json", fs.readFileSync(path.join(ROOT, "src/admin/tsconfig.json"), "utf8"))
    write("src/workflows/hooks/complete-cart-validate.ts", OWN_VALIDATE_HOOK)
    write("src/lib/kapy-types.ts", TYPES_USE)
  })

  await step("install the app and the tarball (npm install, no --legacy-peer-deps)", async () => {
    await run("npm", ["install", "--no-audit", "--no-fund"], { cwd: appDir, logFile: path.join(logs, "install.log") })
    const kapyDir = path.join(appDir, "node_modules", "medusa-plugin-kapy")
    if (!fs.existsSync(path.join(kapyDir, ".medusa/server/src/workflows/index.js"))) {
      fail(`node_modules/medusa-plugin-kapy holds no compiled code`)
    }
    // Peers, not copies: Kapy must resolve the app's own Medusa packages.
    for (const name of ["@medusajs/framework", "@medusajs/core-flows", "@medusajs/medusa"]) {
      const fromKapy = packageDirFrom(kapyDir, name)
      const fromApp = packageDirFrom(appDir, name)
      if (fromKapy !== fromApp) {
        fail(`Kapy resolves its own copy of ${name} (${fromKapy}), not the app's (${fromApp})`)
      }
    }
    const installed = require(path.join(appDir, "node_modules/@medusajs/medusa/package.json")).version
    log(`   app runs @medusajs/medusa ${installed}`)
    // Kapy's widgets read through the dashboard's QueryClient: one copy of react-query for both
    const dashboardDir = packageDirFrom(appDir, "@medusajs/dashboard")
    const queryFromKapy = packageDirFrom(kapyDir, "@tanstack/react-query")
    const queryFromDashboard = dashboardDir && packageDirFrom(dashboardDir, "@tanstack/react-query")
    if (queryFromKapy !== queryFromDashboard) {
      fail(`Kapy's admin resolves @tanstack/react-query at ${queryFromKapy}, the dashboard at ${queryFromDashboard}: the widgets would find no QueryClient`)
    }
    // what the app's `medusa build` hands to the dashboard: Kapy's admin extensions
    const missing = missingAdminMarkers(fs.readFileSync(path.join(kapyDir, ".medusa/server/src/admin/index.mjs"), "utf8"))
    if (missing.length) {
      fail(`the installed package's admin bundle lacks ${missing.join(", ")}`)
    }
  })

  const database = await step("create a fresh database", async () => {
    const db = await testDatabase("install-check")
    cleanups.push(() => db.stop())
    const { Client } = require("pg")
    const connection = {
      host: process.env.DB_HOST,
      port: Number(process.env.DB_PORT || 5432),
      user: process.env.DB_USERNAME || "postgres",
      password: process.env.DB_PASSWORD || undefined,
    }
    const name = `kapy_install_check_${process.pid}`
    const admin = new Client({ ...connection, database: "postgres" })
    await admin.connect()
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`)
    await admin.query(`CREATE DATABASE "${name}"`)
    await admin.end()
    cleanups.push(async () => {
      const client = new Client({ ...connection, database: "postgres" })
      await client.connect()
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await client.end()
    })
    const password = connection.password ? `:${encodeURIComponent(connection.password)}` : ""
    return {
      name,
      url: `postgres://${encodeURIComponent(connection.user)}${password}@${connection.host}:${connection.port}/${name}`,
    }
  })

  const appEnv = {
    DATABASE_URL: database.url,
    DB_NAME: database.name,
    JWT_SECRET: "install-check-jwt",
    COOKIE_SECRET: "install-check-cookie",
    KAPY_INSTALL_CHECK_ADMIN: WITH_ADMIN ? "true" : "false",
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: "info",
  }
  const medusa = path.join(appDir, "node_modules", ".bin", "medusa")

  await step("medusa db:migrate", async () => {
    await run(medusa, ["db:migrate"], { cwd: appDir, env: appEnv, logFile: path.join(logs, "migrate.log") })
    const { Client } = require("pg")
    const client = new Client({ connectionString: database.url })
    await client.connect()
    const { rows } = await client.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'kapy_%' ORDER BY 1"
    )
    await client.end()
    if (!rows.length) {
      fail(`no kapy_* table after the migrations:\n${tail(path.join(logs, "migrate.log"))}`)
    }
    log(`   Kapy's tables: ${rows.map((r) => r.table_name).join(", ")}`)
  })

  const admin = { email: "owner@kapy-install-check.test", password: `check-${process.pid}-${Date.now()}` }
  await step("create the admin user (medusa user)", async () => {
    await run(medusa, ["user", "-e", admin.email, "-p", admin.password], {
      cwd: appDir,
      env: appEnv,
      logFile: path.join(logs, "user.log"),
    })
  })

  const serverDir = path.join(appDir, ".medusa", "server")
  await step(`medusa build${WITH_ADMIN ? "" : " (admin disabled)"}`, async () => {
    await run(medusa, ["build"], { cwd: appDir, env: appEnv, logFile: path.join(logs, "build.log") })
    const spec = JSON.parse(fs.readFileSync(path.join(serverDir, "package.json"), "utf8")).dependencies["medusa-plugin-kapy"]
    if (spec !== `file:vendor/${path.basename(tarball)}`) {
      fail(`.medusa/server/package.json depends on medusa-plugin-kapy as ${spec}, not the vendored tarball`)
    }
  })

  await step("install in .medusa/server as a fresh deploy host does (vendor/ copied, empty npm cache, no dev dependencies)", async () => {
    fs.cpSync(path.join(appDir, "vendor"), path.join(serverDir, "vendor"), { recursive: true })
    const cache = path.join(tmp, "empty-npm-cache")
    fs.mkdirSync(cache)
    await run("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", "--cache", cache], {
      cwd: serverDir,
      logFile: path.join(logs, "server-install.log"),
    })
    if (!fs.existsSync(path.join(serverDir, "node_modules/medusa-plugin-kapy/.medusa/server/src/workflows/index.js"))) {
      fail(".medusa/server/node_modules/medusa-plugin-kapy holds no compiled code")
    }
  })

  const port = await freePort()
  const base = `http://localhost:${port}`
  await step(`medusa start (from .medusa/server, port ${port})`, async () => {
    const logFile = path.join(logs, "server.log")
    const out = fs.openSync(logFile, "a")
    // the build output's own install, not the app's: what a deploy host runs
    const server = spawn(path.join(serverDir, "node_modules", ".bin", "medusa"), ["start"], {
      cwd: serverDir,
      env: { ...process.env, ...appEnv, NODE_ENV: "production", PORT: String(port) },
      stdio: ["ignore", out, out],
      detached: true, // its own process group, stopped as a whole
    })
    fs.closeSync(out)
    let exited = null
    server.on("exit", (code, signal) => (exited = signal || code))
    cleanups.push(() => stopGroup(server, () => exited !== null))
    for (let i = 0; i < 180; i++) {
      if (exited !== null) {
        fail(`the server exited (${exited}) before answering:\n${tail(logFile, 40)}`)
      }
      try {
        const health = await fetch(`${base}/health`)
        if (health.ok) {
          return
        }
      } catch {}
      await sleep(1000)
    }
    fail(`the server did not answer /health within 180 s:\n${tail(logFile, 40)}`)
  })

  const adminToken = await step("log in as the admin (POST /auth/user/emailpass)", async () => {
    const data = await expectStatus(base, "POST", "/auth/user/emailpass", 200, { body: admin })
    return data.token
  })

  const key = await step("find the publishable API key (GET /admin/api-keys)", async () => {
    const data = await expectStatus(base, "GET", "/admin/api-keys?type=publishable&limit=1", 200, { token: adminToken })
    if (!data.api_keys?.length) {
      fail("Medusa created no publishable API key at startup")
    }
    return data.api_keys[0].token
  })

  await step("GET /store/loyalty/program", async () => {
    const data = await expectStatus(base, "GET", "/store/loyalty/program", 200, { key })
    if (!data.program?.unit?.en) {
      fail(`GET /store/loyalty/program answered without the program's unit: ${JSON.stringify(data).slice(0, 300)}`)
    }
    log(`   the unit: ${data.program.unit.en.other}`)
  })

  const customer = await step("register a customer (POST /auth/customer/emailpass/register, /store/customers)", async () => {
    const email = "aino@kapy-install-check.test"
    const password = `aino-${process.pid}`
    const registration = await expectStatus(base, "POST", "/auth/customer/emailpass/register", 200, {
      body: { email, password },
    })
    const created = await expectStatus(base, "POST", "/store/customers", 200, {
      body: { email, first_name: "Aino", last_name: "Virtanen" },
      token: registration.token,
      key,
    })
    const login = await expectStatus(base, "POST", "/auth/customer/emailpass", 200, { body: { email, password } })
    return { id: created.customer.id, token: login.token }
  })

  await step(`the signup points in GET /store/loyalty/me (${SIGNUP_POINTS}, awarded by a subscriber)`, async () => {
    let account
    for (let i = 0; i < 60; i++) {
      account = (await expectStatus(base, "GET", "/store/loyalty/me", 200, { token: customer.token, key })).account
      if (account?.points_balance === SIGNUP_POINTS) {
        return
      }
      await sleep(500)
    }
    fail(`after 30 s the account holds ${JSON.stringify(account)}, not ${SIGNUP_POINTS} signup points`)
  })

  await step("an admin adjustment (POST /admin/loyalty/accounts/:customer_id/adjustments)", async () => {
    const data = await expectStatus(base, "POST", `/admin/loyalty/accounts/${customer.id}/adjustments`, 201, {
      body: { points: 25, reason: "install check" },
      token: adminToken,
    })
    if (data.account?.points_balance !== SIGNUP_POINTS + 25) {
      fail(`the adjustment answered a balance of ${data.account?.points_balance}, expected ${SIGNUP_POINTS + 25}`)
    }
    const me = await expectStatus(base, "GET", "/store/loyalty/me", 200, { token: customer.token, key })
    if (me.account.points_balance !== SIGNUP_POINTS + 25) {
      fail(`GET /store/loyalty/me shows ${me.account.points_balance} after the adjustment, expected ${SIGNUP_POINTS + 25}`)
    }
  })

  await step("Medusa's loyalty plugin beside Kapy (GET /admin/store-credit-accounts)", async () => {
    await expectStatus(base, "GET", "/admin/store-credit-accounts", 200, { token: adminToken })
  })

  if (WITH_ADMIN) {
    await step("the admin answers (GET /app) and its build holds the Loyalty section", async () => {
      const response = await fetch(`${base}/app`)
      if (!response.ok) {
        fail(`GET /app answered ${response.status}`)
      }
      const assets = path.join(serverDir, "public", "admin", "assets")
      const built = fs.existsSync(assets)
        ? fs.readdirSync(assets).filter((f) => f.endsWith(".js")).map((f) => fs.readFileSync(path.join(assets, f), "utf8"))
        : []
      if (!built.some((source) => source.includes("Loyalty overview"))) {
        fail(`the app's built dashboard (${assets}) holds no Loyalty section`)
      }
    })
  }
}

/**
 * @param {import("child_process").ChildProcess} child
 * @param {NodeJS.Signals} signal
 */
function killGroup(child, signal) {
  try {
    if (child.pid) process.kill(-child.pid, signal)
    return true
  } catch {
    return false
  }
}

/**
 * SIGTERM to the server's whole process group, SIGKILL after 10 s.
 * @param {import("child_process").ChildProcess} child
 * @param {() => boolean} hasExited
 */
async function stopGroup(child, hasExited) {
  if (hasExited() || !killGroup(child, "SIGTERM")) {
    return
  }
  for (let i = 0; i < 100 && !hasExited(); i++) {
    await sleep(100)
  }
  killGroup(child, "SIGKILL")
}

async function cleanup() {
  while (cleanups.length) {
    const undo = cleanups.pop()
    try {
      await undo?.()
    } catch (error) {
      console.error(`[install-check] cleanup: ${error.message}`)
    }
  }
}

let finishing = false
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    if (finishing) return
    finishing = true
    log(`${signal}: stopping`)
    for (const child of running) killGroup(child, "SIGKILL")
    await cleanup()
    process.exit(1)
  })
}

main().then(
  async () => {
    finishing = true
    await cleanup()
    log(`passed in ${((Date.now() - started) / 1000).toFixed(0)} s`)
    process.exit(0)
  },
  async (error) => {
    finishing = true
    const message = error instanceof StepError ? error.message : error?.stack || String(error)
    console.error(`[install-check] FAILED at step ${stepNumber} "${currentStep}": ${message}`)
    await cleanup()
    log(`failed in ${((Date.now() - started) / 1000).toFixed(0)} s`)
    process.exit(1)
  }
)
