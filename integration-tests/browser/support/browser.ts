import fs from "fs"
import os from "os"
import path from "path"
import { BrowserContext, chromium, Page } from "playwright-core"

/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser),
 * with a fresh profile, the flags this machine's closed network needs, and
 * screenshots saved under .kapy/screenshots (ignored by git).
 */
const ROOT = path.resolve(__dirname, "..", "..", "..")
export const SCREENSHOTS = path.join(ROOT, ".kapy", "screenshots")
export const CHROMIUM = process.env.KAPY_CHROMIUM || "/usr/bin/chromium"
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
]

/** The dev app the suite's global setup started. */
export function appUrl(): string {
  const url = process.env.KAPY_BROWSER_URL
  if (!url) throw new Error("KAPY_BROWSER_URL is not set: run the browser suite with `npm test -- browser`")
  return url
}

export type OpenBrowser = { context: BrowserContext; page: Page; close: () => Promise<void> }

export async function openBrowser(options: { locale?: string } = {}): Promise<OpenBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "kapy-chromium-"))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    locale: options.locale ?? "en-US",
    viewport: { width: 1366, height: 900 },
  })
  context.setDefaultTimeout(60_000)
  context.setDefaultNavigationTimeout(120_000)
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    close: async () => {
      await context.close()
      fs.rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Saves a full-page screenshot as .kapy/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true })
  const file = path.join(SCREENSHOTS, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}

/** Logs in to Medusa's admin at /app with the demo admin the seed created. */
export async function loginAdmin(page: Page, credentials = { email: "admin@kapy.dev", password: "kapy-admin-2026" }) {
  try {
    await page.goto(`${appUrl()}/app/login`)
    // the dashboard's login fields carry placeholders, not labels
    await page.getByPlaceholder(/email/i).fill(credentials.email)
    await page.getByPlaceholder(/password/i).fill(credentials.password)
    await page.getByRole("button", { name: /continue|log in|sign in/i }).click()
    await page.waitForURL((url) => !url.pathname.includes("/login"))
  } catch (error) {
    await screenshot(page, "admin-login-failed")
    throw error
  }
}

export type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }

/**
 * Runs axe-core (from npm) in the page, open shadow roots included, and
 * returns the serious and critical violations inside `selector`.
 */
export async function seriousA11yViolations(page: Page, selector = "body", exclude: string[] = []): Promise<AxeViolation[]> {
  const source = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8")
  await page.addScriptTag({ content: source })
  const violations = (await page.evaluate(async ({ include, exclude }) => {
    const context = exclude.length ? { include: [include], exclude: exclude.map((e) => [e]) } : include
    const result = await (window as any).axe.run(context, { resultTypes: ["violations"] })
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target })),
    }))
  }, { include: selector, exclude })) as AxeViolation[]
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical")
}
