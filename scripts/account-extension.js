#!/usr/bin/env node
/**
 * Kapy's customer account UI extension (shopify-app/extensions/kapy-account):
 *
 *   node scripts/account-extension.js   type-check it with its own tsconfig, bundle each target's
 *                                       module as Shopify CLI does (esbuild, Preact's JSX) and hold
 *                                       each bundle to Shopify's 64 KB; exits 1 on an error
 *
 * The bundles go to .kapy/account-extension/ (ignored by git): `shopify app
 * deploy` builds its own from the sources, this only proves they build and fit.
 */
const { execFileSync } = require("child_process")
const fs = require("fs")
const path = require("path")

const ROOT = path.resolve(__dirname, "..")
const EXTENSION = path.join(ROOT, "shopify-app", "extensions", "kapy-account")
const OUT = path.join(ROOT, ".kapy", "account-extension")
// Shopify refuses a compiled UI extension over 64 KB at deploy
const LIMIT_BYTES = 64 * 1024

const log = (message) => console.log(`[kapy account extension] ${message}`)

function typecheck() {
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "--noEmit", "-p", path.join(EXTENSION, "tsconfig.json")], { stdio: "inherit" })
  log("types: ok")
}

async function bundle() {
  const { build } = require("esbuild")
  const { parse } = await import("smol-toml")
  const toml = /** @type {{ extensions: { targeting: { target: string, module: string }[] }[] }} */ (
    /** @type {unknown} */ (parse(fs.readFileSync(path.join(EXTENSION, "shopify.extension.toml"), "utf8")))
  )
  const problems = []
  fs.rmSync(OUT, { recursive: true, force: true })
  for (const { target, module } of toml.extensions.flatMap((e) => e.targeting)) {
    const outfile = path.join(OUT, `${target}.js`)
    await build({
      entryPoints: [path.join(EXTENSION, module)],
      outfile,
      bundle: true,
      minify: true,
      format: "esm",
      target: "es2020",
      jsx: "automatic",
      jsxImportSource: "preact",
      logLevel: "warning",
    })
    const size = fs.statSync(outfile).size
    log(`${target} (${module}): ${(size / 1024).toFixed(1)} KB of ${LIMIT_BYTES / 1024} KB`)
    if (size > LIMIT_BYTES) problems.push(`${target}: ${size} B, over ${LIMIT_BYTES} B`)
  }
  return problems
}

async function main() {
  typecheck()
  const problems = await bundle()
  for (const p of problems) console.error(`[kapy account extension] ${p}`)
  if (problems.length) process.exit(1)
}

main().catch((error) => {
  console.error(error.message ?? error)
  process.exit(1)
})
