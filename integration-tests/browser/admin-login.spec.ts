import { appUrl, loginAdmin, openBrowser, OpenBrowser, screenshot } from "./support/browser"

/**
 * The browser suite's footing: the dev app's admin (Medusa's dashboard with
 * Kapy's extensions compiled in) opens in Debian's Chromium and the demo
 * admin logs in.
 */
describe("the dev app's admin in Chromium", () => {
  let browser: OpenBrowser

  beforeAll(async () => {
    browser = await openBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it("logs the demo admin in and shows the dashboard's navigation", async () => {
    const { page } = browser
    await loginAdmin(page)
    expect(new URL(page.url()).origin).toBe(appUrl())
    await page.goto(`${appUrl()}/app/orders`)
    await page.getByRole("heading", { name: "Orders" }).waitFor()
    await screenshot(page, "admin-orders")
  })
})
