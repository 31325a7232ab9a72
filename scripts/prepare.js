#!/usr/bin/env node
/**
 * npm's `prepare` script. It builds the plugin (`npm run build`: the
 * plugin by `medusa plugin:build`, then the storefront widgets) only
 * when this package is being installed into another project, and does
 * nothing in a development checkout.
 *
 * Why both `prepare` and `prepack`:
 * - `prepack` builds before `npm pack` and `npm publish`, so a tarball or a
 *   published package is never empty. It never runs on `npm install`.
 * - Installing from a git URL does not run `prepack`: npm clones the
 *   repository, installs its dependencies there and runs only `prepare`
 *   before packing it. Without a build here, a git install would hold only
 *   package.json, README and LICENSE.
 * - npm also runs `prepare` after `npm install` / `npm ci` in this
 *   repository, where nothing needs building (`npm run dev` and the tests
 *   run the TypeScript sources) and where a build would slow every install
 *   and fail it on a work-in-progress type error. npm sets INIT_CWD to the
 *   directory it was started in: inside this checkout, that is a developer's
 *   install; elsewhere (the app whose `npm install` fetched this package from
 *   git), it is an install as a dependency.
 */
const { spawnSync } = require("child_process")
const path = require("path")

const ROOT = path.resolve(__dirname, "..")

function startedInsideThisPackage() {
  const initCwd = process.env.INIT_CWD
  if (!initCwd) {
    return true
  }
  const relative = path.relative(ROOT, path.resolve(initCwd))
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative))
}

if (startedInsideThisPackage()) {
  process.exit(0)
}

console.log("[kapy prepare] installed as a dependency: building the plugin and the widgets (npm run build)")
const npm = process.platform === "win32" ? "npm.cmd" : "npm"
const result = spawnSync(npm, ["run", "build"], { cwd: ROOT, stdio: "inherit" })
if (result.status !== 0) {
  console.error("[kapy prepare] npm run build failed: the package would be empty")
  process.exit(result.status || 1)
}
