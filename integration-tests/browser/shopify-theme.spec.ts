import { execFileSync } from "child_process"
import fs from "fs"
import http from "http"
import type { AddressInfo } from "net"
import path from "path"
import { Liquid } from "liquidjs"
import { TEXTS } from "../../storefront-widgets/src/i18n"
import { proxyPath, SHOP, webhookHeaders } from "../shopify/harness"
import { customerPayload } from "../shopify/payloads"
import { appUrl, openBrowser, OpenBrowser, screenshot, SCREENSHOTS } from "./support/browser"

/**
 * Kapy's theme app extension (shopify-app/extensions/kapy-theme) on a page
 * made as Shopify makes one: its blocks' Liquid rendered with liquidjs and
 * the objects Shopify gives them (`customer`, `product`, `shop`, `routes`,
 * `request.locale`, `block.settings`, the `t` and `asset_url` filters), the
 * app embed before `</body>`, the widgets bundle served from the
 * extension's assets, and `/apps/kapy/*` passed on to the dev app's
 * `/shopify/proxy/*` signed the way Shopify's app proxy signs it, for the
 * shopper logged in to the shop. The shopper sees the balance the app
 * proxy answers, in English and in Finnish.
 */
const ROOT = path.resolve(__dirname, "..", "..")
const EXTENSION = path.join(ROOT, "shopify-app", "extensions", "kapy-theme")
const CUSTOMER_ID = "7401234567890123999"
const ACCENT = "#7a2e8c"

type Schema = { name: string; target: string; settings: { id: string; default?: unknown }[] }
type Locale = Record<string, any>

/** A block file: its Liquid without `{% schema %}` (Shopify does not render it) and the schema. */
function readBlock(name: string): { liquid: string; schema: Schema } {
  const source = fs.readFileSync(path.join(EXTENSION, "blocks", `${name}.liquid`), "utf8")
  const match = source.match(/{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/)
  if (!match) throw new Error(`blocks/${name}.liquid has no schema`)
  return { liquid: source.replace(match[0], ""), schema: JSON.parse(match[1]) }
}

/** The block's settings as the theme editor stores them: each setting's default, then the merchant's choices. */
function settingsOf(schema: Schema, chosen: Record<string, unknown> = {}) {
  return { ...Object.fromEntries(schema.settings.map((s) => [s.id, s.default ?? null])), ...chosen }
}

const readLocale = (file: string): Locale => JSON.parse(fs.readFileSync(path.join(EXTENSION, "locales", file), "utf8"))
const lookup = (table: Locale, key: string) => key.split(".").reduce<any>((node, part) => node?.[part], table)

/**
 * Liquid as Shopify's storefront renders an extension: `t` reads the
 * storefront locale of the request (the default locale when the key is
 * missing there), picks the plural form by `count` and fills `{{ name }}`;
 * `asset_url` points at the extension's assets on this test shop.
 */
function storefrontLiquid(shopUrl: string) {
  const engine = new Liquid({ strictFilters: true })
  const locales: Record<string, Locale> = { en: readLocale("en.default.json"), fi: readLocale("fi.json") }
  engine.registerFilter("t", function (this: any, key: string, ...args: [string, unknown][]) {
    const iso = this.context.getSync(["request", "locale", "iso_code"]) as string
    const values = Object.fromEntries(args) as Record<string, unknown>
    let text = lookup(locales[iso] ?? {}, key) ?? lookup(locales.en, key)
    if (text && typeof text === "object" && "count" in values) {
      text = text[new Intl.PluralRules(iso).select(Number(values.count))] ?? text.other
    }
    if (typeof text !== "string") return `translation missing: ${iso}.${key}`
    return text.replace(/{{\s*(\w+)\s*}}/g, (_, name) => String(values[name] ?? ""))
  })
  engine.registerFilter("asset_url", (name: string) => `${shopUrl}/cdn/extensions/kapy-theme/assets/${name}`)
  return engine
}

/**
 * A Shopify shop in one process: product pages (`/products/kapy-tee`, and
 * `/fi/…` in Finnish) with the extension's blocks, the extension's assets,
 * and the app proxy. The shopper is logged in as `shopper.customerId` (on
 * Shopify, the storefront's session).
 */
async function startShop() {
  const shopper = { customerId: CUSTOMER_ID as string | null }
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const engine = storefrontLiquid(url)
  const blocks = ["balance", "ways-to-earn", "referral", "product-points"].map((name) => ({ name, ...readBlock(name) }))
  const embed = readBlock("kapy-embed")

  async function renderPage(iso: "en" | "fi") {
    const common = {
      shop: { name: "Kapy Test Shop", permanent_domain: SHOP, locale: "en" },
      request: { locale: { iso_code: iso, primary: iso === "en" }, design_mode: false },
      routes: {
        root_url: iso === "en" ? "/" : `/${iso}`,
        account_login_url: `${iso === "en" ? "" : `/${iso}`}/account/login`,
        account_register_url: `${iso === "en" ? "" : `/${iso}`}/account/register`,
      },
      customer: shopper.customerId
        ? {
            id: Number(shopper.customerId),
            email: "aino@example.com",
            first_name: "Aino",
            // what kapy-shopify-sync-customers wrote last (the page shows it until the widgets run)
            metafields: { kapy: { points: { value: shop.metafieldPoints }, tier: { value: "Bronze" } } },
          }
        : null,
      product: {
        id: 8123456789012,
        title: "Kapy tee",
        handle: "kapy-tee",
        selected_or_first_available_variant: { id: 45123456789012, price: 2500 },
      },
    }
    const rendered: string[] = []
    for (const block of blocks) {
      const html = await engine.parseAndRender(block.liquid, { ...common, block: { id: `kapy-${block.name}`, settings: settingsOf(block.schema) } })
      rendered.push(`<div class="shopify-app-block" id="shopify-block-kapy-${block.name}">${html}</div>`)
    }
    const embedded = await engine.parseAndRender(embed.liquid, {
      ...common,
      block: { id: "kapy-embed", settings: settingsOf(embed.schema, { accent_color: ACCENT, position: "left" }) },
    })
    return `<!doctype html>
<html lang="${iso}">
<head><meta charset="utf-8"><title>Kapy tee – Kapy Test Shop</title>
<style>body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 56rem; padding: 1.5rem; } main { display: grid; gap: 1rem; }</style>
</head>
<body>
<main><h1>Kapy tee</h1><p>25,00 €</p>${rendered.join("\n")}</main>
${embedded}
</body>
</html>`
  }

  /** Shopify's app proxy: the request passed on with the shop, prefix, time and logged-in customer signed into its query. */
  async function proxy(req: http.IncomingMessage, res: http.ServerResponse, target: URL) {
    const rest = target.pathname.replace(/^\/apps\/kapy\/?/, "")
    const body = await new Promise<Buffer>((resolve) => {
      const chunks: Buffer[] = []
      req.on("data", (c) => chunks.push(c))
      req.on("end", () => resolve(Buffer.concat(chunks)))
    })
    const answer = await fetch(`${appUrl()}${proxyPath(rest, shopper.customerId, { extra: Object.fromEntries(target.searchParams) })}`, {
      method: req.method,
      headers: {
        ...(req.headers["content-type"] ? { "content-type": req.headers["content-type"] } : {}),
        ...(req.headers["accept-language"] ? { "accept-language": req.headers["accept-language"] } : {}),
        accept: "application/json",
      },
      body: ["GET", "HEAD"].includes(req.method ?? "GET") ? undefined : new Uint8Array(body),
    })
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" })
    res.end(Buffer.from(await answer.arrayBuffer()))
  }

  server.on("request", (req, res) => {
    const target = new URL(req.url ?? "/", url)
    const handle = async () => {
      const page = target.pathname.match(/^(?:\/(fi))?\/products\/kapy-tee$/)
      if (page) {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" })
        return res.end(await renderPage(page[1] === "fi" ? "fi" : "en"))
      }
      const asset = target.pathname.match(/^\/cdn\/extensions\/kapy-theme\/assets\/([\w.-]+)$/)
      if (asset) {
        const file = path.join(EXTENSION, "assets", asset[1])
        if (!fs.existsSync(file)) return res.writeHead(404).end()
        res.writeHead(200, { "content-type": "text/javascript" })
        return res.end(fs.readFileSync(file))
      }
      if (target.pathname.startsWith("/apps/kapy/")) return proxy(req, res, target)
      res.writeHead(404).end()
    }
    handle().catch((error) => {
      res.writeHead(500, { "content-type": "text/plain" })
      res.end(String(error?.stack ?? error))
    })
  })
  const shop = {
    url,
    shopper,
    metafieldPoints: 0,
    renderPage,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
  return shop
}

/** GET through the dev app's app proxy route, signed for the customer (what the test compares the page with). */
async function proxyGet(route: string, customerId: string) {
  const res = await fetch(`${appUrl()}${proxyPath(route, customerId)}`)
  const body = await res.json()
  if (!res.ok) throw new Error(`/apps/kapy/${route}: ${res.status} ${JSON.stringify(body)}`)
  return body
}

const en = (n: number) => `${new Intl.NumberFormat("en-US").format(n)} ${n === 1 ? "cone" : "cones"}`
const fi = (n: number) => `${new Intl.NumberFormat("fi-FI").format(n)} ${n === 1 ? "käpy" : "käpyä"}`

describe("the theme app extension on a Shopify product page", () => {
  let browser: OpenBrowser
  let shop: Awaited<ReturnType<typeof startShop>>
  let points: number

  beforeAll(async () => {
    // the extension's copy of the widgets bundle, as `npm run theme:build` makes it
    execFileSync(process.execPath, [path.join(ROOT, "scripts", "theme-extension.js")], { stdio: "inherit" })
    // Shopify tells Kapy of the new customer: they become a member with the welcome bonus
    const body = customerPayload({ id: CUSTOMER_ID, email: "aino.theme@example.com" })
    const delivered = await fetch(`${appUrl()}/shopify/webhooks`, { method: "POST", headers: webhookHeaders("customers/create", body), body })
    expect(delivered.status).toBe(200)
    // a subscriber in the dev app processes the webhook: wait for the welcome bonus in the member's ledger
    const deadline = Date.now() + 60_000
    const welcomed = async () => (await proxyGet("transactions", CUSTOMER_ID)).transactions.some((t: { reason: string }) => t.reason === "signup")
    while (!(await welcomed())) {
      if (Date.now() > deadline) throw new Error("customers/create gave the member no welcome bonus within 60 s")
      await new Promise((r) => setTimeout(r, 250))
    }
    const me = await proxyGet("me", CUSTOMER_ID)
    points = me.account.points_balance
    expect(points).toBeGreaterThan(0)
    shop = await startShop()
    shop.metafieldPoints = points
    browser = await openBrowser()
  })

  afterAll(async () => {
    await browser?.close()
    await shop?.stop()
  })

  it("shows the logged-in shopper the balance the app proxy answers, with the merchant's colour and corner", async () => {
    const { page } = browser
    await page.goto(`${shop.url}/products/kapy-tee`)
    const { account } = await proxyGet("me", CUSTOMER_ID)
    expect(account.points_balance).toBe(points)
    await page.locator("kapy-balance [part=balance]").filter({ hasText: en(account.points_balance) }).waitFor()
    await page.locator("kapy-balance [part=label]").filter({ hasText: TEXTS.en.balance }).waitFor()
    await page.locator("kapy-balance [part=tier]").filter({ hasText: account.tier.name }).waitFor()
    await page.locator("kapy-ways-to-earn h2").filter({ hasText: TEXTS.en.earn }).waitFor()
    // the launcher: in the bottom-left corner chosen in the app embed's settings, in its accent colour
    const launch = page.locator("kapy-launcher .launch")
    await launch.filter({ hasText: en(account.points_balance) }).waitFor()
    const box = (await launch.boundingBox())!
    expect(box.x).toBeLessThan(page.viewportSize()!.width / 2)
    await expect(launch.evaluate((el) => getComputedStyle(el).backgroundColor)).resolves.toBe("rgb(122, 46, 140)")
    await screenshot(page, "shopify-theme-en")
    await page.locator("kapy-balance").screenshot({ path: path.join(SCREENSHOTS, "shopify-theme-balance-en.png") })
  })

  it("speaks Finnish on the shop's Finnish pages (request.locale fi): the Liquid's texts and the widgets'", async () => {
    const { page } = browser
    // before the widgets run, the block shows the standing from the customer's metafields in fi.json's words
    const html = await (await fetch(`${shop.url}/fi/products/kapy-tee`)).text()
    const standing = readLocale("fi.json").kapy.balance.standing.other.replace("{{ count }}", String(points)).replace("{{ tier }}", "Bronze")
    expect(html).toContain(standing)
    expect(html).toContain('<kapy-balance lang="fi" join-url="/fi/account/register">')

    await page.goto(`${shop.url}/fi/products/kapy-tee`)
    const { account } = await proxyGet("me", CUSTOMER_ID)
    await page.locator("kapy-balance [part=balance]").filter({ hasText: fi(account.points_balance) }).waitFor()
    await page.locator("kapy-balance [part=label]").filter({ hasText: TEXTS.fi.balance }).waitFor()
    await page.locator("kapy-ways-to-earn h2").filter({ hasText: TEXTS.fi.earn }).waitFor()
    await screenshot(page, "shopify-theme-fi")
    await page.locator("kapy-balance").screenshot({ path: path.join(SCREENSHOTS, "shopify-theme-balance-fi.png") })
  })

  it("offers a guest the club: the join button to the shop's registration page, no balance", async () => {
    const { page } = browser
    shop.shopper.customerId = null
    try {
      const html = await (await fetch(`${shop.url}/products/kapy-tee`)).text()
      expect(html).toContain(`<a href="/account/login">${readLocale("en.default.json").kapy.balance.log_in}</a>`)
      await page.goto(`${shop.url}/products/kapy-tee`)
      await page.locator("kapy-balance [part=balance]").filter({ hasText: TEXTS.en.guest }).waitFor()
      for (const element of ["kapy-balance", "kapy-ways-to-earn", "kapy-referral"]) {
        await expect(page.locator(`${element} [part=join]`).first().getAttribute("href")).resolves.toBe("/account/register")
      }
      await screenshot(page, "shopify-theme-guest-en")
    } finally {
      shop.shopper.customerId = CUSTOMER_ID
    }
  })
})
