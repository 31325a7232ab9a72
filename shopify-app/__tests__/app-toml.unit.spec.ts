import fs from "fs"
import path from "path"
import type * as SmolToml from "smol-toml" with { "resolution-mode": "import" }
// smol-toml ships a CommonJS build beside its ES module; this test file is CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse } = require("smol-toml") as typeof SmolToml
import { DEFAULT_APP_PROXY_PATH, DEFAULT_SHOPIFY_API_VERSION, resolveShopifyOptions } from "../../src/modules/shopify/options"
import { SHOPIFY_WEBHOOK_TOPICS } from "../../src/workflows/shopify/utils/process-delivery"

const ROOT = path.join(__dirname, "..", "..")
const TOML_PATH = path.join(ROOT, "shopify-app", "shopify.app.toml")

type AppToml = {
  application_url: string
  embedded: boolean
  access_scopes: { scopes: string; use_legacy_install_flow?: boolean }
  auth: { redirect_urls: string[] }
  webhooks: { api_version: string; subscriptions: { topics?: string[]; compliance_topics?: string[]; uri: string }[] }
  app_proxy: { url: string; prefix: string; subpath: string }
}

function readToml(text = fs.readFileSync(TOML_PATH, "utf8")): AppToml {
  return parse(text) as unknown as AppToml
}

/** The topics a TOML subscribes to, compliance topics included. */
function subscribedTopics(toml: AppToml) {
  return toml.webhooks.subscriptions.flatMap((s) => [...(s.topics ?? []), ...(s.compliance_topics ?? [])])
}

/** The topics processShopifyDelivery has a branch for (its `case "…":` labels). */
function handledTopics() {
  const source = fs.readFileSync(path.join(ROOT, "src/workflows/shopify/utils/process-delivery.ts"), "utf8")
  return [...source.matchAll(/case "([a-z_]+\/[a-z_]+)":/g)].map((m) => m[1])
}

/** What goes wrong between a TOML's subscriptions and the code's handlers, in words. */
function subscriptionProblems(toml: AppToml, handled: readonly string[]) {
  const subscribed = subscribedTopics(toml)
  return [
    ...handled.filter((t) => !subscribed.includes(t)).map((t) => `${t} is handled but not subscribed`),
    ...subscribed.filter((t) => !handled.includes(t)).map((t) => `${t} is subscribed but has no handler`),
  ]
}

function routeExists(urlPath: string) {
  return fs.existsSync(path.join(ROOT, "src/api", urlPath, "route.ts"))
}

describe("shopify-app/shopify.app.toml", () => {
  const toml = readToml()

  it("subscribes to exactly the topics the webhook processing handles, the three compliance topics as compliance topics", () => {
    expect(new Set(handledTopics())).toEqual(new Set(SHOPIFY_WEBHOOK_TOPICS))
    expect(subscriptionProblems(toml, SHOPIFY_WEBHOOK_TOPICS)).toEqual([])
    const compliance = toml.webhooks.subscriptions.flatMap((s) => s.compliance_topics ?? [])
    expect(compliance.sort()).toEqual(["customers/data_request", "customers/redact", "shop/redact"])
  })

  it("fails when a handled topic is not subscribed, or a subscribed one has no handler", () => {
    const text = fs.readFileSync(TOML_PATH, "utf8")
    const withoutRefunds = readToml(text.replace(/\s*"refunds\/create",/, ""))
    expect(subscriptionProblems(withoutRefunds, SHOPIFY_WEBHOOK_TOPICS)).toEqual(["refunds/create is handled but not subscribed"])
    const withExtra = readToml(text.replace('"orders/paid",', '"orders/paid",\n  "orders/edited",'))
    expect(subscriptionProblems(withExtra, SHOPIFY_WEBHOOK_TOPICS)).toEqual(["orders/edited is subscribed but has no handler"])
  })

  it("sends webhooks and the app proxy to Kapy's routes and the OAuth callback to its callback route", () => {
    for (const sub of toml.webhooks.subscriptions) {
      expect(new URL(sub.uri).pathname).toBe("/shopify/webhooks")
    }
    expect(routeExists("shopify/webhooks")).toBe(true)
    expect(new URL(toml.app_proxy.url).pathname).toBe("/shopify/proxy")
    expect(`/${toml.app_proxy.prefix}/${toml.app_proxy.subpath}`).toBe(DEFAULT_APP_PROXY_PATH)
    expect(toml.auth.redirect_urls.map((u) => new URL(u).pathname)).toEqual(["/shopify/auth/callback"])
    expect(routeExists("shopify/auth/callback")).toBe(true)
    expect(new URL(toml.application_url).pathname).toBe("/shopify/auth")
    expect(toml.embedded).toBe(false)
  })

  it("asks for the scopes Kapy's OAuth asks for, on the API version Kapy pins, one in support through 2027", () => {
    const options = resolveShopifyOptions({ shop: "x.myshopify.com", api_key: "k", api_secret: "s" })!
    expect(toml.access_scopes.scopes.split(",").sort()).toEqual([...options.scopes].sort())
    expect(toml.webhooks.api_version).toBe(DEFAULT_SHOPIFY_API_VERSION)
    // Shopify supports each quarterly version for 12 months: 2026-10 until 2027-10
    expect(toml.webhooks.api_version >= "2026-10").toBe(true)
  })
})
