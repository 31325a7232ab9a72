import fs from "fs"
import path from "path"
import type * as SmolToml from "smol-toml" with { "resolution-mode": "import" }
// smol-toml ships a CommonJS build beside its ES module; this test file is CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse } = require("smol-toml") as typeof SmolToml
import { LEDGER_REASONS } from "../../src/types/loyalty"
import { KAPY_URL } from "../extensions/kapy-account/src/config"

const ROOT = path.join(__dirname, "..", "..")
const EXTENSION = path.join(ROOT, "shopify-app", "extensions", "kapy-account")

type ExtensionToml = {
  api_version: string
  extensions: { type: string; handle: string; targeting: { target: string; module: string }[]; capabilities?: Record<string, unknown> }[]
}

const toml = parse(fs.readFileSync(path.join(EXTENSION, "shopify.extension.toml"), "utf8")) as unknown as ExtensionToml
const locale = (name: string) => JSON.parse(fs.readFileSync(path.join(EXTENSION, "locales", name), "utf8"))

/** Every key of a locale file, dotted ("recent.entry"). */
function keys(value: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(value).flatMap(([k, v]) => (v && typeof v === "object" ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe("shopify-app/extensions/kapy-account", () => {
  it("is a UI extension on the Profile and Order status block targets, at the API version of the installed @shopify/ui-extensions, with network access", () => {
    const [extension] = toml.extensions
    // the package exports no package.json: read the installed one
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "@shopify", "ui-extensions", "package.json"), "utf8"))
    const [year, month] = version.split(".")
    expect(toml.api_version).toBe(`${year}-${month.padStart(2, "0")}`)
    expect(extension.type).toBe("ui_extension")
    expect(extension.targeting.map((t) => t.target).sort()).toEqual(["customer-account.order-status.block.render", "customer-account.profile.block.render"])
    for (const { module } of extension.targeting) {
      expect(fs.existsSync(path.join(EXTENSION, module))).toBe(true)
    }
    expect(extension.capabilities).toEqual({ network_access: true })
  })

  it("asks the backend shopify.app.toml points at, on a route that exists", () => {
    const app = parse(fs.readFileSync(path.join(ROOT, "shopify-app", "shopify.app.toml"), "utf8")) as { application_url: string }
    expect(new URL(KAPY_URL).host).toBe(new URL(app.application_url).host)
    const client = fs.readFileSync(path.join(EXTENSION, "src", "kapy-client.ts"), "utf8")
    expect(client).toContain("${KAPY_URL}/shopify/customer-account/me")
    expect(fs.existsSync(path.join(ROOT, "src/api/shopify/customer-account/me/route.ts"))).toBe(true)
  })

  it("has English and Finnish texts for the same keys, every key the block uses and every ledger reason", () => {
    const en = keys(locale("en.default.json"))
    expect(keys(locale("fi.json")).sort()).toEqual([...en].sort())
    const block = fs.readFileSync(path.join(EXTENSION, "src", "PointsBlock.tsx"), "utf8")
    const used = [...block.matchAll(/\bt\("([a-z_.]+)"/g)].map((m) => m[1])
    expect(used.length).toBeGreaterThan(5)
    expect(used.filter((k) => !en.includes(k))).toEqual([])
    expect(LEDGER_REASONS.filter((r) => !en.includes(`reason.${r}`))).toEqual([])
  })
})
