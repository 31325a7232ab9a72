import fs from "fs"
import type { Page } from "playwright-core"
import { eventually } from "../helpers"
import { webhookHeaders } from "../shopify/harness"
import { customerPayload } from "../shopify/payloads"
import { appUrl, loginAdmin, openBrowser, OpenBrowser, screenshot, seriousA11yViolations } from "./support/browser"

jest.setTimeout(600_000)

/**
 * Kapy's admin in Medusa's dashboard, driven in Chromium against the demo
 * shop: the customer widget (adjusting cones and the server's error beside
 * the field), the moderation queue, the program form, the overview's chart
 * and the per-channel report with its CSV. Each page is saved as a
 * screenshot under .kapy/screenshots.
 */

const ADMIN = { email: "admin@kapy.dev", password: "kapy-admin-2026" }
const DEMO_PASSWORD = "kapy-demo-2026"

type Json = Record<string, any>

async function call(path: string, init: { method?: string; token?: string; key?: string; body?: unknown } = {}): Promise<Json> {
  const res = await fetch(`${appUrl()}${path}`, {
    method: init.method ?? (init.body ? "POST" : "GET"),
    headers: {
      "content-type": "application/json",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.key ? { "x-publishable-api-key": init.key } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  })
  const text = await res.text()
  if (!res.ok) {
    throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${text}`)
  }
  return res.headers.get("content-type")?.includes("json") ? JSON.parse(text) : { text }
}

const ADDRESS = {
  first_name: "Aino",
  last_name: "Virtanen",
  address_1: "Aleksanterinkatu 5",
  city: "Helsinki",
  postal_code: "00100",
  country_code: "fi",
}

/** An order through the store API in the web shop (the key's sales channel), `points` of it paid with cones. */
async function placeOrder(customerToken: string, key: string, points: number): Promise<Json> {
  const as = { token: customerToken, key }
  const { regions } = await call("/store/regions?fields=id,currency_code", as)
  const region = regions.find((r: Json) => r.currency_code === "eur")
  const { products } = await call("/store/products?limit=1&fields=id,*variants", as)
  const { cart } = await call("/store/carts", {
    ...as,
    body: {
      region_id: region.id,
      items: [{ variant_id: products[0].variants[0].id, quantity: 3 }],
      shipping_address: ADDRESS,
      billing_address: ADDRESS,
    },
  })
  const { shipping_options } = await call(`/store/shipping-options?cart_id=${cart.id}`, as)
  await call(`/store/carts/${cart.id}/shipping-methods`, { ...as, body: { option_id: shipping_options[0].id } })
  await call(`/store/carts/${cart.id}/loyalty-points`, { ...as, body: { points } })
  const { payment_collection } = await call("/store/payment-collections", { ...as, body: { cart_id: cart.id } })
  await call(`/store/payment-collections/${payment_collection.id}/payment-sessions`, { ...as, body: { provider_id: "pp_system_default" } })
  const completed = await call(`/store/carts/${cart.id}/complete`, { ...as, body: {} })
  if (completed.type !== "order") {
    throw new Error(`the cart did not complete: ${JSON.stringify(completed.error)}`)
  }
  return completed.order
}

describe("Kapy's admin pages and widgets", () => {
  let browser: OpenBrowser
  let page: Page
  let adminToken: string
  let publishableKey: string
  /** The order the order-page test places (paid partly with 300 cones). */
  let paidWithCones: Json
  /** Cones redeemed per sales channel (last 30 days) before this file's order; other suites share the dev app. */
  let redeemedBefore: Map<string, number>

  const customerId = async (email: string) =>
    (await call(`/admin/customers?q=${encodeURIComponent(email)}&fields=id,email`, { token: adminToken })).customers.find(
      (c: Json) => c.email === email
    ).id
  const balanceOf = async (id: string) =>
    (await call(`/admin/loyalty/accounts/${id}?limit=1`, { token: adminToken })).account.points_balance as number
  const widget = () => page.getByTestId("kapy-customer-loyalty")
  const shownBalance = async () => Number((await page.getByTestId("kapy-balance").innerText()).replace(/[^\d-]/g, ""))

  beforeAll(async () => {
    adminToken = (await call("/auth/user/emailpass", { body: ADMIN })).token
    publishableKey = (await call("/admin/api-keys?type=publishable&fields=id,token", { token: adminToken })).api_keys[0].token
    const { summary } = await call("/admin/loyalty/reports/summary", { token: adminToken })
    redeemedBefore = new Map()
    for (const row of summary as Json[]) {
      if (row.sales_channel_id && row.currency_code === "eur") {
        redeemedBefore.set(row.sales_channel_id, (redeemedBefore.get(row.sales_channel_id) ?? 0) + row.redeemed)
      }
    }
    browser = await openBrowser()
    page = browser.page
    await loginAdmin(page)
  })

  afterAll(async () => {
    await browser?.close()
  })

  it("shows the Loyalty section in the sidebar", async () => {
    await page.goto(`${appUrl()}/app/orders`)
    const link = page.getByRole("link", { name: "Loyalty" })
    await link.waitFor()
    await link.click()
    await page.waitForURL(/\/app\/loyalty$/)
    await page.getByRole("heading", { name: "Loyalty overview" }).waitFor()
  })

  it("adjusts a demo customer's cones by +100 with a reason and shows the new balance and the entry", async () => {
    const aino = await customerId("aino@example.com")
    const before = await balanceOf(aino)
    await page.goto(`${appUrl()}/app/customers/${aino}`)
    await widget().waitFor()
    await page.getByTestId("kapy-balance").waitFor()
    expect(await shownBalance()).toBe(before)

    await page.getByLabel("Cones", { exact: true }).fill("100")
    await page.getByLabel("Reason", { exact: true }).first().fill("Store event bonus")
    await page.getByRole("button", { name: "Adjust", exact: true }).click()

    await page.waitForFunction(
      (expected) => document.querySelector("[data-testid=kapy-balance]")?.textContent?.replace(/[^\d-]/g, "") === String(expected),
      before + 100
    )
    await widget().getByRole("cell", { name: /Store event bonus/ }).first().waitFor()
    expect(await balanceOf(aino)).toBe(before + 100)
    await widget().getByRole("heading", { name: "Latest entries" }).scrollIntoViewIfNeeded()
    await screenshot(page, "admin-customer-widget")
    expect(await seriousA11yViolations(page, "[data-testid=kapy-customer-loyalty]")).toEqual([])
  })

  it("shows the server's error beside the field for an adjustment of 1.5 and changes nothing", async () => {
    const aino = await customerId("aino@example.com")
    const before = await balanceOf(aino)
    await page.goto(`${appUrl()}/app/customers/${aino}`)
    await page.getByTestId("kapy-balance").waitFor()
    await page.getByLabel("Cones", { exact: true }).fill("1.5")
    await page.getByLabel("Reason", { exact: true }).first().fill("Half a cone")
    await page.getByRole("button", { name: "Adjust", exact: true }).click()
    const error = page.locator("#kapy-adjust-points-error")
    await error.waitFor()
    expect(await error.innerText()).toMatch(/points must be a whole number/)
    expect(await page.getByLabel("Cones", { exact: true }).getAttribute("aria-describedby")).toBe("kapy-adjust-points-error")
    expect(await balanceOf(aino)).toBe(before)
    await error.scrollIntoViewIfNeeded()
    await screenshot(page, "admin-customer-widget-error")
  })

  it("overrides a member's tier from their page and removes the override", async () => {
    const sofia = await customerId("sofia@example.com")
    const tierOf = async () => (await call(`/admin/loyalty/accounts/${sofia}?limit=1`, { token: adminToken })).account.tier?.name
    expect(await tierOf()).toBe("Bronze")
    await page.goto(`${appUrl()}/app/customers/${sofia}`)
    await page.getByTestId("kapy-balance").waitFor()
    await page.locator("#kapy-override-tier").click()
    await page.getByRole("option", { name: "Gold" }).click()
    await page.locator("#kapy-override-reason").fill("Brand ambassador")
    await page.getByRole("button", { name: "Set override" }).click()
    await page.getByText("Tier override saved").waitFor()
    expect(await tierOf()).toBe("Gold")
    await widget().getByText("Gold").first().waitFor()

    // a fresh load of the page shows the override the member holds, and who would read it as the reason
    await page.reload()
    const current = page.getByTestId("kapy-override-current")
    await current.waitFor()
    expect(await current.innerText()).toBe("Now held at least at Gold until removed (Brand ambassador).")
    await page.locator("#kapy-override-tier").scrollIntoViewIfNeeded()
    await screenshot(page, "admin-customer-tier-override")

    await page.getByRole("button", { name: "Remove override" }).click()
    await page.getByText("Tier override removed").waitFor()
    expect(await tierOf()).toBe("Bronze")
    await current.waitFor({ state: "detached" })
    expect(await page.getByRole("button", { name: "Remove override" }).count()).toBe(0)
  })

  it("approves a pending claim from the moderation queue and the member's balance changes", async () => {
    const eeroToken = (await call("/auth/customer/emailpass", { body: { email: "eero@example.com", password: DEMO_PASSWORD } })).token
    const { claim } = await call("/store/loyalty/claims", {
      token: eeroToken,
      key: publishableKey,
      body: { action: "social_follow", platform: "instagram", handle: "@eero.korhonen" },
    })
    expect(claim.status).toBe("pending")
    const eero = await customerId("eero@example.com")
    const before = await balanceOf(eero)

    await page.goto(`${appUrl()}/app/loyalty/moderation`)
    const row = page.getByRole("row", { name: /@eero\.korhonen/ })
    await row.waitFor()
    // the member is named by their email, linked to their customer page
    await row.getByRole("link", { name: "eero@example.com" }).waitFor()
    await screenshot(page, "admin-moderation")
    await row.getByRole("checkbox").click()
    await page.getByRole("button", { name: "Approve selected" }).click()
    await page.getByText("1 decided").waitFor()
    await page.getByRole("row", { name: /@eero\.korhonen/ }).waitFor({ state: "detached" })

    expect(await balanceOf(eero)).toBe(before + claim.points)
    await page.goto(`${appUrl()}/app/customers/${eero}`)
    await page.getByTestId("kapy-balance").waitFor()
    expect(await shownBalance()).toBe(before + claim.points)
    await widget().getByRole("cell", { name: /Social follow/ }).first().waitFor()
  })

  it("changes the earn rate on Program and the store's program says so; a bad field shows its error inline", async () => {
    await page.goto(`${appUrl()}/app/loyalty/program`)
    const rates = page.getByLabel(/^Earn rates/)
    await rates.waitFor()
    const current = await rates.inputValue()
    expect(current).toMatch(/eur=1/)
    await rates.fill(current.replace(/eur=[\d.]+/, "eur=2"))

    const pending = page.getByLabel("Pending days")
    await pending.fill("999")
    await page.getByRole("button", { name: "Save" }).click()
    const pendingError = page.locator("#kapy-field-earning-pending_days-error")
    await pendingError.waitFor()
    expect(await pendingError.innerText()).toMatch(/365/)
    await pendingError.scrollIntoViewIfNeeded()
    await screenshot(page, "admin-program-error")
    const unchanged = await call("/store/loyalty/program", { key: publishableKey })
    expect(unchanged.program.ways_to_earn.find((w: Json) => w.action === "purchase").rates.eur).toBe("1")

    await pending.fill("14")
    await page.getByRole("button", { name: "Save" }).click()
    await page.getByText("Program saved").waitFor()
    const { program } = await call("/store/loyalty/program", { key: publishableKey })
    expect(program.ways_to_earn.find((w: Json) => w.action === "purchase").rates.eur).toBe("2")
    await screenshot(page, "admin-program")
  })

  it("shows an order's cones on its order page: earned and pending, and paid with", async () => {
    const ainoToken = (await call("/auth/customer/emailpass", { body: { email: "aino@example.com", password: DEMO_PASSWORD } })).token
    const order = await placeOrder(ainoToken, publishableKey, 300)
    paidWithCones = order
    await page.goto(`${appUrl()}/app/orders/${order.id}`)
    const orderWidget = page.getByTestId("kapy-order-loyalty")
    // the order page is the dashboard's heaviest: compiled on first visit in development mode
    await orderWidget.getByText("Paid with cones").first().waitFor({ timeout: 180_000 }).catch(async (error) => {
      await screenshot(page, "admin-order-widget-failed")
      throw error
    })
    // the order.placed subscriber earns the order's cones; the widget shows them once it has
    const { earned } = (
      await eventually(
        () => call(`/admin/loyalty/orders/${order.id}`, { token: adminToken }),
        (answer) => !!answer.loyalty.earned
      )
    ).loyalty
    expect(earned).toBeTruthy()
    await page.reload()
    await orderWidget.getByText(/pending until/).waitFor()
    expect(await orderWidget.innerText()).toContain(String(earned.points))
    // the reason as the shopper reads it, the source as a name, never a ledger id
    await orderWidget.getByRole("cell", { name: "Used on an order" }).waitFor()
    await orderWidget.getByRole("cell", { name: "This order" }).first().waitFor()
    expect(await orderWidget.innerText()).not.toMatch(/\bkent_|\border_/)
    expect(await orderWidget.innerText()).toMatch(/\d cones/)
    await orderWidget.scrollIntoViewIfNeeded()
    await screenshot(page, "admin-order-widget")
  })

  it("opens Overview with its chart", async () => {
    await page.goto(`${appUrl()}/app/loyalty`)
    await page.getByTestId("kapy-overview-chart").locator(".recharts-surface").first().waitFor()
    expect(Number((await page.getByTestId("kapy-overview-members").innerText()).replace(/\D/g, ""))).toBeGreaterThanOrEqual(3)
    expect(await page.getByTestId("kapy-overview-liability").innerText()).toMatch(/€/)
    await screenshot(page, "admin-overview")
  })

  it("opens Reports with the per-channel table, and its CSV holds the API's rows", async () => {
    await page.goto(`${appUrl()}/app/loyalty/reports`)
    const table = page.getByTestId("kapy-report-table")
    await table.waitFor()
    await screenshot(page, "admin-reports")

    const link = page.getByTestId("kapy-report-csv")
    const href = new URL((await link.getAttribute("href"))!, appUrl())
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()])
    const csv = fs.readFileSync((await download.path())!, "utf8")
    const [header, ...rows] = csv.split("\r\n").filter(Boolean).map((l) => l.split(","))

    href.searchParams.delete("format")
    const { summary } = await call(`${href.pathname}${href.search}`, { token: adminToken })
    // the order of the test before paid 300 cones (3.00 €) in the web shop's channel, on top of what other suites redeemed there
    const { order } = await call(`/admin/orders/${paidWithCones.id}?fields=id,sales_channel_id`, { token: adminToken })
    const channel: string = order.sales_channel_id
    expect(channel).toMatch(/^sc_/)
    const rows30d = (await call(`/admin/loyalty/reports/summary?sales_channel_id=${channel}`, { token: adminToken })).summary as Json[]
    const redeemedNow = rows30d.filter((r) => r.currency_code === "eur").reduce((sum, r) => sum + r.redeemed, 0)
    expect(redeemedNow - (redeemedBefore.get(channel) ?? 0)).toBe(300)
    // cones are worth 1 € per 100 in the demo program
    const thisMonth = rows30d.find((r) => r.currency_code === "eur" && r.month === new Date().toISOString().slice(0, 7))
    expect(thisMonth).toEqual(expect.objectContaining({ redeemed_value: (thisMonth!.redeemed / 100).toFixed(2) }))
    expect(summary.some((r: Json) => r.sales_channel_id === channel)).toBe(true)
    expect(rows).toEqual(summary.map((r: Json) => header.map((c) => (r[c] === null ? "" : String(r[c])))))
    // every row is on the page
    expect(await table.locator("tbody tr").count()).toBe(summary.length + 1)
  })

  it("gives cones back on a refunded order under the manual refund policy", async () => {
    await call("/admin/loyalty/program", { token: adminToken, body: { redemption: { refund_policy: "manual" } } })
    const { order } = await call(`/admin/orders/${paidWithCones.id}?fields=id,*payment_collections.payments`, { token: adminToken })
    const payment = order.payment_collections[0].payments[0]
    await call(`/admin/payments/${payment.id}/capture`, { token: adminToken, body: {} })
    await call(`/admin/payments/${payment.id}/refund`, { token: adminToken, body: { amount: 2 } })

    await page.goto(`${appUrl()}/app/orders/${paidWithCones.id}`)
    const orderWidget = page.getByTestId("kapy-order-loyalty")
    await orderWidget.getByRole("heading", { name: "Give back cones" }).waitFor({ timeout: 180_000 })
    await page.locator("#kapy-give-back-points").fill("100")
    await page.locator("#kapy-give-back-note").fill("Refunded one item")
    await page.getByRole("button", { name: "Give back", exact: true }).click()
    await page.getByText("100 cones given back").waitFor()
    await orderWidget.getByRole("cell", { name: /Refunded one item/ }).waitFor()
    const { loyalty } = await call(`/admin/loyalty/orders/${paidWithCones.id}`, { token: adminToken })
    expect(loyalty.redeemed).toEqual(expect.objectContaining({ points: 300, returned: 100 }))
    await orderWidget.scrollIntoViewIfNeeded()
    await screenshot(page, "admin-order-give-back")
  })

  it("puts a product in VIP early access for Gold from the Tiers page", async () => {
    const { products } = await call("/admin/products?limit=1&fields=id,title", { token: adminToken })
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)
    await page.goto(`${appUrl()}/app/loyalty/tiers`)
    await page.getByRole("heading", { name: "VIP early access" }).waitFor()
    // the product is found by its title in Medusa's product search, not typed in as an id
    const picker = page.getByRole("combobox", { name: "Product" })
    await picker.fill(products[0].title.slice(0, 6))
    await page.getByRole("option", { name: products[0].title }).click()
    await expect(picker.inputValue()).resolves.toBe(products[0].title)
    await page.getByLabel("Gold").check()
    // Medusa UI's DatePicker: its day segments, typed month, day, year (en-US)
    const [y, m, d] = until.split("-")
    await page.getByTestId("kapy-field-until").getByRole("spinbutton").first().click()
    await page.keyboard.type(`${m}${d}${y}`)
    await screenshot(page, "admin-tiers-early-access-picker")
    await page.getByRole("button", { name: "Set early access" }).click()
    await page.getByText("Early access saved").waitFor()
    await page.getByRole("row", { name: new RegExp(products[0].title) }).getByText("Gold").waitFor()
    expect(await page.getByRole("row", { name: new RegExp(products[0].title) }).innerText()).not.toContain(products[0].id)
    const { early_access } = await call(`/admin/loyalty/early-access?product_id=${products[0].id}`, { token: adminToken })
    expect(early_access).toHaveLength(1)
    expect(new Date(early_access[0].until).toISOString().slice(0, 10)).toBe(until)
    await screenshot(page, "admin-tiers-early-access")
  })

  it("opens the other Loyalty pages", async () => {
    for (const [path, heading] of [
      ["referrals", "Referrals"],
      ["campaigns", "Campaigns"],
      ["ways-to-earn", "Ways to earn"],
      ["tiers", "Tiers"],
      ["imports", "Bulk award"],
      ["privacy-requests", "Privacy requests"],
    ]) {
      await page.goto(`${appUrl()}/app/loyalty/${path}`)
      await page.getByRole("heading", { name: heading, exact: true }).first().waitFor()
      await page.waitForLoadState("networkidle")
      await screenshot(page, `admin-${path}`)
    }
  })

  it("finds a member who shops on Shopify only under Members and adjusts their cones on the member page", async () => {
    // a Shopify customer signs up (customers/create, signed as Shopify signs it): a member with no Medusa customer
    const email = `shopify-only-${Date.now()}@example.com`
    const body = customerPayload({ id: "7401234567890123501", email })
    const res = await fetch(`${appUrl()}/shopify/webhooks`, { method: "POST", headers: webhookHeaders("customers/create", body), body })
    expect(res.status).toBe(200)
    const found = await eventually(
      async () => (await call(`/admin/loyalty/accounts?q=${encodeURIComponent(email)}`, { token: adminToken })).accounts as Json[],
      (accounts) => accounts.length === 1
    )
    expect(found).toHaveLength(1)
    const account = found[0]

    await page.goto(`${appUrl()}/app/loyalty/members`)
    await page.getByRole("heading", { name: "Members", exact: true }).first().waitFor()
    await page.getByPlaceholder("Search email, name or code").fill(email)
    const link = page.getByRole("link", { name: new RegExp(email.replace(/[.]/g, "\\.")) })
    // the search is debounced: wait for the list to hold this member alone
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=kapy-members-page] tbody tr").length === 1)
    expect(await page.getByRole("row", { name: new RegExp(email.replace(/[.]/g, "\\.")) }).innerText()).toMatch(/Shopify[\s\S]*50 cones/)
    await screenshot(page, "admin-members-list")
    // Medusa UI's search field draws its magnifier as role="img" with no name; the rest of the page is Kapy's
    expect(await seriousA11yViolations(page, "[data-testid=kapy-members-page]", ["input[type=search] + [role=img]"])).toEqual([])

    await link.click()
    await page.waitForURL(new RegExp(`/app/loyalty/members/${account.id}$`))
    await page.getByText("No Medusa customer: this member shops on Shopify only.").waitFor()
    const before = account.points_balance as number
    await page.getByLabel("Cones", { exact: true }).fill("40")
    await page.getByLabel("Reason", { exact: true }).first().fill("Met at the market stall")
    await page.getByRole("button", { name: "Adjust", exact: true }).click()
    await page.waitForFunction(
      (expected) => document.querySelector("[data-testid=kapy-balance]")?.textContent?.replace(/[^\d-]/g, "") === String(expected),
      before + 40
    )
    await page.getByRole("cell", { name: /Met at the market stall/ }).first().waitFor()
    const { accounts } = await call(`/admin/loyalty/accounts?q=${encodeURIComponent(email)}`, { token: adminToken })
    expect(accounts[0].points_balance).toBe(before + 40)
    await screenshot(page, "admin-member-shopify-only")
    expect(await seriousA11yViolations(page, "[data-testid=kapy-member-page]")).toEqual([])
  })

  it("lists a Shopify customer's data request on Privacy requests and downloads its export", async () => {
    // the dev app runs without Shopify: the request is stored as customers/data_request stores it
    const { Client } = await import("pg")
    const db = new Client({ connectionString: process.env.KAPY_BROWSER_DATABASE_URL })
    await db.connect()
    const exported = { shopify_customer_id: "7401234567890123459", account: { points_balance: 50 }, identities: [{ provider: "shopify", email: "kaisa@example.com" }] }
    await db.query(
      `INSERT INTO kapy_shopify_data_request (id, shop_domain, delivery_id, data_request_id, shopify_customer_id, email, status, export)
       VALUES ('ksdr_browser_1', 'kapy-demo.myshopify.com', 'kswh_browser_1', '9999', '7401234567890123459', 'kaisa@example.com', 'ready', $1::jsonb)
       ON CONFLICT DO NOTHING`,
      [JSON.stringify(exported)]
    )
    await db.end()

    await page.goto(`${appUrl()}/app/loyalty/privacy-requests`)
    const row = page.getByRole("row", { name: /kaisa@example\.com/ })
    await row.waitFor()
    expect(await row.innerText()).toMatch(/7401234567890123459[\s\S]*Export ready/)
    await screenshot(page, "admin-privacy-requests-list")
    const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("button", { name: "Download" }).click()])
    expect(download.suggestedFilename()).toBe("kapy-shopify-customer-7401234567890123459.json")
    expect(JSON.parse(fs.readFileSync((await download.path())!, "utf8"))).toEqual(exported)
  })
})
