#!/usr/bin/env node
/**
 * Builds Kapy's storefront widgets into storefront-widgets/dist:
 *
 *   kapy-widgets.js        one ES module (Lit bundled in)
 *   kapy-widgets.iife.js   one classic script (`<script src>`, global `Kapy`)
 *   types/                 TypeScript declarations of the elements and the client
 *
 * and fails when all widgets together are above the size budget, 20 KB
 * gzipped (each bundle measured on its own: a page loads one of them).
 *
 *   node storefront-widgets/build.mjs            build and measure
 *   node storefront-widgets/build.mjs --no-types skip the declarations (dev, tests)
 *   node storefront-widgets/build.mjs --if-stale build only if a source is newer than the bundles
 */
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { fileURLToPath } from "node:url"
import zlib from "node:zlib"
import { build } from "esbuild"

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.resolve(HERE, "..")
const SRC = path.join(HERE, "src")
const DIST = path.join(HERE, "dist")
const ENTRY = path.join(SRC, "index.ts")
// 20 KB; KAPY_WIDGETS_BUDGET_BYTES lowers it to watch the build fail
export const BUDGET_BYTES = Number(process.env.KAPY_WIDGETS_BUDGET_BYTES) || 20 * 1024
const OUTPUTS = { esm: "kapy-widgets.js", iife: "kapy-widgets.iife.js" }

const args = new Set(process.argv.slice(2))

function newest(dir) {
  let latest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(file) : fs.statSync(file).mtimeMs)
  }
  return latest
}

function stale() {
  const built = Object.values(OUTPUTS).map((f) => path.join(DIST, f))
  if (!built.every((f) => fs.existsSync(f))) return true
  const oldest = Math.min(...built.map((f) => fs.statSync(f).mtimeMs))
  return newest(SRC) > oldest || fs.statSync(fileURLToPath(import.meta.url)).mtimeMs > oldest
}

async function main() {
  if (args.has("--if-stale") && !stale()) {
    console.log("[kapy widgets] up to date")
    return
  }
  fs.mkdirSync(DIST, { recursive: true })
  const common = {
    entryPoints: [ENTRY],
    bundle: true,
    minify: true,
    target: "es2021",
    legalComments: "none",
    tsconfig: path.join(HERE, "tsconfig.json"),
    logLevel: "warning",
  }
  await build({ ...common, format: "esm", outfile: path.join(DIST, OUTPUTS.esm) })
  await build({ ...common, format: "iife", globalName: "Kapy", outfile: path.join(DIST, OUTPUTS.iife) })

  const sizes = Object.entries(OUTPUTS).map(([format, file]) => {
    const bytes = fs.readFileSync(path.join(DIST, file))
    return { format, file, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length }
  })
  for (const s of sizes) {
    console.log(`[kapy widgets] ${s.file}: ${(s.raw / 1024).toFixed(1)} KB, ${(s.gzip / 1024).toFixed(2)} KB gzipped`)
  }
  fs.writeFileSync(path.join(DIST, "sizes.json"), JSON.stringify({ budget_bytes: BUDGET_BYTES, bundles: sizes }, null, 2) + "\n")
  const over = sizes.filter((s) => s.gzip > BUDGET_BYTES)
  if (over.length) {
    for (const s of over) {
      console.error(`[kapy widgets] ${s.file} is ${s.gzip} bytes gzipped, above the budget of ${BUDGET_BYTES} bytes`)
    }
    // nothing over budget is left behind to be shipped (or taken as up to date)
    for (const s of sizes) fs.rmSync(path.join(DIST, s.file), { force: true })
    process.exit(1)
  }

  if (!args.has("--no-types")) {
    fs.rmSync(path.join(DIST, "types"), { recursive: true, force: true })
    execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(HERE, "tsconfig.json")], {
      stdio: "inherit",
    })
    console.log("[kapy widgets] types in storefront-widgets/dist/types")
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
