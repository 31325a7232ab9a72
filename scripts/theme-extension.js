#!/usr/bin/env node
/**
 * Kapy's theme app extension (shopify-app/extensions/kapy-theme):
 *
 *   node scripts/theme-extension.js           build: the widgets (when stale) copied to assets/kapy-widgets.js
 *   node scripts/theme-extension.js --check   build, then Shopify's theme-check; exits 1 on an error
 *
 * The build also holds the extension to the limits Shopify CLI enforces on
 * `shopify app deploy` (all files 10 MB, all Liquid 100 KB, 30 blocks, a
 * locale file 15 KB, assets of the supported kinds) and says where the
 * widgets stand against Shopify's suggested 10 KB (compressed) of
 * JavaScript. assets/kapy-widgets.js is build output (ignored by git).
 */
const { execFileSync } = require("child_process")
const fs = require("fs")
const path = require("path")
const zlib = require("zlib")

const ROOT = path.resolve(__dirname, "..")
const EXTENSION = path.join(ROOT, "shopify-app", "extensions", "kapy-theme")
const BUNDLE = path.join(ROOT, "storefront-widgets", "dist", "kapy-widgets.iife.js")
const ASSET = path.join(EXTENSION, "assets", "kapy-widgets.js")

const KB = 1024
const LIMITS = { bundle: 10 * KB * KB, liquid: 100 * KB, blocks: 30, locale: 15 * KB, suggestedJs: 10_000 }
const FOLDERS = { assets: /\.(js|css|jpg|png|svg)$/, blocks: /\.liquid$/, snippets: /\.liquid$/, locales: /\.json$/ }

const log = (message) => console.log(`[kapy theme] ${message}`)

/** The widgets' classic-script bundle (it reads its `data-*` attributes) as the extension's asset. */
function build() {
  execFileSync(process.execPath, [path.join(ROOT, "storefront-widgets", "build.mjs"), "--no-types", "--if-stale"], { stdio: "inherit" })
  fs.mkdirSync(path.dirname(ASSET), { recursive: true })
  fs.copyFileSync(BUNDLE, ASSET)
}

/** The extension's files against Shopify's limits: a list of what is over (empty when all hold). */
function checkLimits() {
  const problems = []
  let total = 0
  let liquid = 0
  for (const [folder, allowed] of Object.entries(FOLDERS)) {
    const dir = path.join(EXTENSION, folder)
    if (!fs.existsSync(dir)) continue
    for (const name of fs.readdirSync(dir)) {
      const size = fs.statSync(path.join(dir, name)).size
      total += size
      if (!allowed.test(name)) problems.push(`${folder}/${name}: not a file type Shopify accepts in ${folder}/`)
      if (name.endsWith(".liquid")) liquid += size
      if (folder === "locales" && size > LIMITS.locale) problems.push(`locales/${name}: ${size} B, over ${LIMITS.locale} B`)
    }
  }
  const blocks = fs.readdirSync(path.join(EXTENSION, "blocks")).filter((f) => f.endsWith(".liquid")).length
  if (total > LIMITS.bundle) problems.push(`all files: ${total} B, over ${LIMITS.bundle} B`)
  if (liquid > LIMITS.liquid) problems.push(`all Liquid: ${liquid} B, over ${LIMITS.liquid} B`)
  if (blocks > LIMITS.blocks) problems.push(`${blocks} blocks, over ${LIMITS.blocks}`)
  const js = zlib.gzipSync(fs.readFileSync(ASSET), { level: 9 }).length
  log(`${blocks} blocks, Liquid ${(liquid / KB).toFixed(1)} KB of ${LIMITS.liquid / KB} KB, all files ${(total / KB).toFixed(1)} KB of ${LIMITS.bundle / KB / KB} MB`)
  log(
    `assets/kapy-widgets.js: ${(js / KB).toFixed(2)} KB compressed` +
      (js > LIMITS.suggestedJs ? ` (Shopify suggests ${LIMITS.suggestedJs / 1000} KB; not enforced)` : "")
  )
  return problems
}

async function themeCheck() {
  const { themeCheckRun } = require("@shopify/theme-check-node")
  // shopify.extension.toml in the root makes theme-check use its theme-app-extension checks
  const { offenses } = await themeCheckRun(EXTENSION, undefined, () => undefined)
  const SEVERITY = ["error", "warning", "info"]
  for (const o of offenses) {
    const file = path.relative(ROOT, o.uri.replace(/^file:\/\//, ""))
    console.log(`${file}:${o.start.line + 1}:${o.start.character + 1} ${SEVERITY[o.severity]} ${o.check}: ${o.message}`)
  }
  const errors = offenses.filter((o) => o.severity === 0).length
  log(`theme-check: ${offenses.length} offenses, ${errors} errors`)
  return errors
}

async function main() {
  build()
  const problems = checkLimits()
  for (const p of problems) console.error(`[kapy theme] ${p}`)
  const errors = process.argv.includes("--check") ? await themeCheck() : 0
  if (problems.length || errors) process.exit(1)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
