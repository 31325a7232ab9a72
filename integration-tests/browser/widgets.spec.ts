import { execFileSync } from "child_process"
import path from "path"
import type { Page } from "playwright-core"
import { DEMO_TEXTS } from "../../src/api/kapy/demo/texts"
import { TEXTS } from "../../storefront-widgets/src/i18n"
import { appUrl, openBrowser, OpenBrowser, screenshot, SCREENSHOTS, seriousA11yViolations } from "./support/browser"

/**
 * The storefront widgets on the dev app's demo page (/kapy/demo), in
 * Debian's Chromium: a demo member logs in, sees the widgets show what the
 * store API says, claims a follow, pays part of a cart with cones and takes
 * them off again, uses the launcher by keyboard, reads it all in Finnish,
 * and a friend's `?ref=` link is applied when they register.
 */
const ROOT = path.resolve(__dirname, "..", "..")
const DEMO_PASSWORD = "kapy-demo-2026"
const WIDGETS = ["w-balance", "w-tier", "w-referral", "w-redeem", "w-ways", "w-history"]

/** Where a widget's own screenshot goes (beside screenshot()'s full pages). */
const shot = (name: string) => path.join(SCREENSHOTS, `${name}.png`)
const en = (n: number) => `${new Intl.NumberFormat("en-US").format(n)} ${n === 1 ? "cone" : "cones"}`
const eur = (amount: number, locale = "en-US") =>
  new Intl.NumberFormat(locale, { style: "currency", currency: "EUR" }).format(amount)

/** Every text of a table (nested ones too). */
const flat = (table: object): string[] =>
  Object.values(table).flatMap((v) => (typeof v === "string" ? [v] : typeof v === "object" && v ? flat(v) : []))

/**
 * The English words a Finnish page must not show: each English text of the
 * widgets' and the demo page's tables, cut at its `{values}`, keeping the
 * pieces with a word in them that no Finnish text has too ("Bonus" is both).
 */
function englishPieces(): string[] {
  const finnish = [...flat(TEXTS.fi), ...flat(DEMO_TEXTS.fi)]
  const pieces = [...flat(TEXTS.en), ...flat(DEMO_TEXTS.en)].flatMap((text) => text.split(/\{\w+\}/))
  return [...new Set(pieces.map((p) => p.trim().replace(/^[\s.,:;·—−=()+-]+|[\s.,:;·—−=()+-]+$/g, "")))].filter(
    (p) => /\p{L}{2,}/u.test(p) && !finnish.some((f) => f.includes(p))
  )
}

/** What a shopper can read or hear on the page: visible text and accessible labels, through shadow roots. */
function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [document.title]
    const visible = (el: Element) => (el as any).checkVisibility?.({ visibilityProperty: true }) ?? true
    const walk = (root: Node) => {
      for (const node of Array.from(root.childNodes)) {
        if (node.nodeType === Node.TEXT_NODE) {
          const parent = node.parentElement
          if (node.textContent!.trim() && parent && !["SCRIPT", "STYLE"].includes(parent.tagName) && visible(parent)) out.push(node.textContent!.trim())
        } else if (node instanceof Element) {
          if (!visible(node) && node.tagName !== "SLOT") continue
          for (const attr of ["aria-label", "placeholder", "title", "alt", "aria-valuetext"]) {
            const v = node.getAttribute(attr)
            if (v) out.push(v)
          }
          if (node instanceof HTMLInputElement && ["button", "submit"].includes(node.type)) out.push(node.value)
          if (node.shadowRoot) walk(node.shadowRoot)
          walk(node)
        }
      }
    }
    walk(document.body)
    return out
  })
}

/** The English pieces found in the page's texts, as "piece ← text". */
async function englishOn(page: Page): Promise<string[]> {
  const texts = await visibleTexts(page)
  const found: string[] = []
  for (const piece of englishPieces()) {
    const word = new RegExp(`(^|[^\\p{L}])${piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\p{L}])`, "u")
    const hit = texts.find((t) => word.test(t))
    if (hit) found.push(`${piece} ← ${hit}`)
  }
  return found
}

/** The launcher's button and the page's focusable elements under it now (outside the launcher). */
function coveredByLauncher(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
    const launcher = document.getElementById("w-launcher")!
    const button = launcher.shadowRoot!.querySelector(".launch")!.getBoundingClientRect()
    const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"])'
    const out: string[] = []
    const walk = (root: Element | ShadowRoot) => {
      for (const el of Array.from(root.children)) {
        if (el === launcher) continue
        if (el.matches(FOCUSABLE) && (el as any).checkVisibility?.()) {
          const r = el.getBoundingClientRect()
          if (r.width && r.bottom > button.top && r.top < button.bottom && r.right > button.left && r.left < button.right) {
            out.push(`${el.tagName.toLowerCase()} "${(el.textContent || (el as HTMLInputElement).value || "").trim().slice(0, 40)}"`)
          }
        }
        if (el.shadowRoot) walk(el.shadowRoot)
        walk(el)
      }
    }
    walk(document.body)
    return out
  })
}

/** The focused element (through shadow roots) if the launcher's button covers it, else null; "launcher" inside it. */
function focusCovered(page: Page): Promise<string | null> {
  return page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
    let el: Element | null = document.activeElement
    if (!el || el === document.body) return null
    if (el.id === "w-launcher") return "launcher"
    while (el.shadowRoot?.activeElement) el = el.shadowRoot.activeElement
    const button = document.getElementById("w-launcher")!.shadowRoot!.querySelector(".launch")!.getBoundingClientRect()
    const r = el.getBoundingClientRect()
    const covered = r.bottom > button.top && r.top < button.bottom && r.right > button.left && r.left < button.right
    return covered ? `${el.tagName.toLowerCase()} "${(el.textContent || (el as HTMLInputElement).value || "").trim().slice(0, 40)}"` : null
  })
}

async function storeApi(page: Page, route: string, init: { method?: string; body?: unknown; token?: string | null } = {}) {
  const key = await page.evaluate(() => (window as any).KapyConfig.publishableKey as string)
  const token = init.token === undefined ? await page.evaluate(() => localStorage.getItem("medusa_auth_token")) : init.token
  const res = await fetch(`${appUrl()}${route}`, {
    method: init.method ?? "GET",
    headers: {
      "content-type": "application/json",
      "x-publishable-api-key": key,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  const body = await res.json()
  if (!res.ok) throw new Error(`${route}: ${res.status} ${JSON.stringify(body)}`)
  return body
}

/** The element focused now, through shadow roots, described for the test. */
function focusInfo(page: Page) {
  return page.evaluate(() => {
    let el: Element | null = document.activeElement
    const chain: string[] = []
    while (el) {
      chain.push(el.tagName.toLowerCase() + (el.id ? `#${el.id}` : ""))
      el = el.shadowRoot?.activeElement ?? null
    }
    const launcher = document.getElementById("w-launcher")!
    const panel = launcher.shadowRoot!.querySelector(".panel")
    let node: Node | null = document.activeElement
    let inPanel = false
    let deepest: Element | null = document.activeElement
    while (deepest?.shadowRoot?.activeElement) deepest = deepest.shadowRoot.activeElement
    node = deepest
    while (node) {
      if (node === panel) inPanel = true
      node = node.parentNode ?? (node as ShadowRoot).host ?? null
    }
    return { chain, inPanel, part: deepest?.getAttribute("part") ?? null }
  })
}

async function login(page: Page, email: string) {
  await page.goto(`${appUrl()}/kapy/demo`)
  const form = page.locator("#login-form")
  await form.getByLabel("Email").fill(email)
  await form.getByLabel("Password").fill(DEMO_PASSWORD)
  await form.getByRole("button", { name: "Log in" }).click()
  await page.locator("#who").filter({ hasText: email }).waitFor()
}

describe("the storefront widgets on the demo page", () => {
  let browser: OpenBrowser

  beforeAll(async () => {
    // the dev app serves whatever bundle is built: build it when a source is newer
    execFileSync(process.execPath, [path.join(ROOT, "storefront-widgets", "build.mjs"), "--if-stale", "--no-types"], {
      cwd: ROOT,
      stdio: "inherit",
    })
    browser = await openBrowser()
  })

  afterAll(async () => {
    await browser?.close()
  })

  it("shows a guest the program and the join button, in the launcher too", async () => {
    const { page } = browser
    await page.goto(`${appUrl()}/kapy/demo`)
    await page.locator("#w-balance [part=join]").waitFor()
    await page.locator("#w-ways").getByText("Follow us on Instagram").waitFor()
    // a guest's tier card is an invitation, not a Bronze tier of their own
    await page.locator("#w-tier [part=remaining]").filter({ hasText: "Join to start at Bronze and climb up to Gold." }).waitFor()
    await page.locator("#w-tier [part=join]").waitFor()
    expect(await page.locator("#w-tier [part=tier]").count()).toBe(0)
    await page.locator("#w-launcher .launch").click()
    const panel = page.locator("#w-launcher [part=panel]")
    await panel.getByRole("button", { name: "Join the club" }).first().waitFor()
    await panel.getByText("Create an account").waitFor()
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "widgets-guest-en")
    await page.keyboard.press("Escape")
  })

  it("shows a logged-in member the balance and tier of GET /store/loyalty/me", async () => {
    const { page } = browser
    await login(page, "aino@example.com")
    const { account } = await storeApi(page, "/store/loyalty/me")
    expect(account.points_balance).toBeGreaterThan(0)
    await expect(page.locator("#w-balance [part=balance]").textContent()).resolves.toContain(en(account.points_balance))
    await page.locator("#w-balance [part=pending]").filter({ hasText: en(account.points_pending) }).waitFor()
    await page.locator("#w-balance [part=tier]").filter({ hasText: account.tier.name }).waitFor()
    await page.locator("#w-tier [part=tier]").filter({ hasText: account.tier.name }).waitFor()
    await page.locator("#w-launcher .launch").filter({ hasText: en(account.points_balance) }).waitFor()
    // history: the seed's entries, newest first, with reasons in words
    await page.locator("#w-history [part=reason]").filter({ hasText: "Welcome bonus" }).waitFor()
    // the product points are the API's preview for each variant
    const first = page.locator("kapy-product-points").first()
    await first.locator("[part=points]").filter({ hasText: /Earn \d+ cones?/ }).waitFor()
    const { preview } = await storeApi(
      page,
      `/store/loyalty/preview?variant_id=${await first.getAttribute("variant-id")}&region_id=${await first.getAttribute("region-id")}`
    )
    await expect(first.locator("[part=points]").textContent()).resolves.toContain(`Earn ${en(preview.points)}`)
  })

  it("reserves each widget's size while loading: the skeleton is as tall as what replaces it", async () => {
    const { page } = browser
    // a member's page: the account is what loads
    if (!(await page.evaluate(() => localStorage.getItem("medusa_auth_token")))) await login(page, "aino@example.com")
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const held = async (route: any) => {
      await gate
      await route.continue()
    }
    await page.route("**/store/loyalty/me", held)
    await page.route("**/store/loyalty/preview*", held)
    await page.goto(`${appUrl()}/kapy/demo`)
    const ids = ["#w-balance", "#w-tier", "kapy-product-points"]
    await page.locator("#w-balance .sk").first().waitFor()
    await page.locator("kapy-product-points .sk").first().waitFor()
    const height = (selector: string) => page.locator(selector).first().evaluate((el) => el.getBoundingClientRect().height)
    const loading = await Promise.all(ids.map(height))
    await screenshot(page, "widgets-loading-en")
    release()
    for (const id of ids) await page.locator(`${id} .sk`).first().waitFor({ state: "detached" })
    const loaded = await Promise.all(ids.map(height))
    await page.unroute("**/store/loyalty/me", held)
    await page.unroute("**/store/loyalty/preview*", held)
    ids.forEach((id, i) => expect({ id, height: loaded[i] }).toEqual({ id, height: expect.closeTo(loading[i], 0) }))
  })

  it("claims the Instagram follow and shows the pending claim without a reload", async () => {
    const { page } = browser
    await page.evaluate(() => ((window as any).__sameDocument = true))
    const row = page.locator("#w-ways [part=way]").filter({ hasText: "Follow us on Instagram" })
    await row.getByRole("button", { name: "Follow on Instagram" }).click()
    await row.locator("[part=status]").filter({ hasText: /Waiting for approval|Earned/ }).waitFor()
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true)
    const { claims } = await storeApi(page, "/store/loyalty/me/claims")
    expect(claims.filter((c: any) => c.platform === "instagram")).toEqual([expect.objectContaining({ status: "pending" })])
  })

  it("pays 500 cones of the cart and takes them off again, the shown and the API's totals agreeing", async () => {
    const { page } = browser
    const redeem = page.locator("#w-redeem")
    // a cart worth more than 5.00 EUR
    await page.getByRole("button", { name: "Add to cart" }).first().click()
    await redeem.locator("[part=total]").waitFor()
    let cartId = (await redeem.getAttribute("cart-id"))!
    while ((await storeApi(page, `/store/carts/${cartId}`)).cart.total < 10) {
      await page.getByRole("button", { name: "Add to cart" }).first().click()
      await page.waitForFunction(
        (before) => document.getElementById("cart-total")!.textContent !== before,
        await page.locator("#cart-total").textContent()
      )
      cartId = (await redeem.getAttribute("cart-id"))!
    }
    const before = (await storeApi(page, `/store/carts/${cartId}`)).cart.total as number
    await redeem.locator("[part=total]").filter({ hasText: eur(before) }).waitFor()
    await page.locator("#cart-total").filter({ hasText: eur(before) }).waitFor()

    // the program's limits and rate, as GET /store/loyalty/program gives them
    const { program } = await storeApi(page, "/store/loyalty/program")
    await redeem
      .locator("[part=rules]")
      .filter({ hasText: `At least ${en(program.redemption.min_points)}` })
      .filter({ hasText: `${en(Number(program.redemption.rates.eur))} = €1` })
      .waitFor()
    await redeem.getByLabel("cones to use").fill("500")
    // before applying: the shop's quote of the value and the new total
    const quote = (await storeApi(page, `/store/carts/${cartId}/loyalty-points?points=500`)).quote
    expect(quote.total_after).toBeCloseTo(before - 5, 2)
    await redeem
      .locator("[part=quote]")
      .filter({ hasText: `${en(500)} = −${eur(5)}, new total ${eur(quote.total_after)}` })
      .waitFor()
    await redeem.screenshot({ path: shot("widget-redeem-quote-en") })
    expect((await storeApi(page, `/store/carts/${cartId}`)).cart.total).toBeCloseTo(before, 2)
    await redeem.getByRole("button", { name: "Use" }).click()
    await redeem.locator("[part=applied]").filter({ hasText: `${en(500)} applied: −${eur(5)}` }).waitFor()
    const after = (await storeApi(page, `/store/carts/${cartId}`)).cart.total as number
    expect(after).toBeCloseTo(before - 5, 2)
    await redeem.locator("[part=total]").filter({ hasText: eur(after) }).waitFor()
    await redeem.locator("[part=total-label]").filter({ hasText: "New total" }).waitFor()
    await page.locator("#cart-total").filter({ hasText: eur(after) }).waitFor()
    await redeem.screenshot({ path: shot("widget-redeem-applied-en") })

    await redeem.getByRole("button", { name: "Remove" }).click()
    await redeem.locator("[part=total]").filter({ hasText: eur(before) }).waitFor()
    await page.locator("#cart-total").filter({ hasText: eur(before) }).waitFor()
    expect((await storeApi(page, `/store/carts/${cartId}`)).cart.total).toBeCloseTo(before, 2)

    // more than the member has: refused in words, nothing applied
    const { account } = await storeApi(page, "/store/loyalty/me")
    await redeem.getByLabel("cones to use").evaluate((input: HTMLInputElement, n) => {
      input.removeAttribute("max")
      input.value = String(n)
    }, account.points_balance + 100)
    await redeem.getByRole("button", { name: "Use" }).click()
    await redeem.locator("[part=error]").filter({ hasText: /Not enough points|at most/ }).waitFor()
    expect((await storeApi(page, `/store/carts/${cartId}`)).cart.total).toBeCloseTo(before, 2)
  })

  it("opens the launcher by keyboard, keeps Tab inside, and Escape closes it and returns focus", async () => {
    const { page } = browser
    const launcher = page.locator("#w-launcher")
    await launcher.locator(".launch").focus()
    await page.keyboard.press("Enter")
    await launcher.locator("[part=panel]").waitFor()
    await launcher.locator("kapy-history [part=entry]").first().waitFor()
    expect((await focusInfo(page)).part).toBe("close")
    await expect(launcher.locator(".launch").getAttribute("aria-expanded")).resolves.toBe("true")
    let rounds = 0
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press("Tab")
      const focus = await focusInfo(page)
      expect(focus).toMatchObject({ inPanel: true })
      if (focus.part === "close") rounds++
    }
    // it went round: after the panel's last element, its close button again
    expect(rounds).toBeGreaterThanOrEqual(2)
    await launcher.locator("[part=close]").focus()
    await page.keyboard.press("Shift+Tab")
    expect(await focusInfo(page)).toMatchObject({ inPanel: true })
    expect((await focusInfo(page)).part).not.toBe("close")
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press("Shift+Tab")
      expect(await focusInfo(page)).toMatchObject({ inPanel: true })
    }
    await screenshot(page, "widgets-launcher-open-en")
    await launcher.locator("[part=panel]").screenshot({ path: shot("widget-launcher-en") })
    expect(await seriousA11yViolations(page)).toEqual([])
    await page.keyboard.press("Escape")
    await launcher.locator("[part=panel]").waitFor({ state: "detached" })
    expect((await focusInfo(page)).part).toBe("button")
    expect((await focusInfo(page)).chain[0]).toBe("kapy-launcher#w-launcher")
  })

  it("has no serious accessibility violations, and each widget is saved as a screenshot in English", async () => {
    const { page } = browser
    await page.reload()
    await page.locator("#w-history [part=entry]").first().waitFor()
    await page.locator("kapy-product-points [part=points]").first().waitFor()
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "widgets-page-en")
    // the floating launcher would cover whichever widget is at the viewport's corner
    await page.evaluate(() => (document.getElementById("w-launcher")!.style.visibility = "hidden"))
    for (const id of WIDGETS) {
      await page.locator(`#${id}`).screenshot({ path: shot(`widget-${id.slice(2)}-en`) })
    }
    await page.locator("kapy-product-points").first().screenshot({ path: shot("widget-product-points-en") })
  })

  it("speaks Finnish with lang=\"fi\": texts, käpyä and Finnish numbers", async () => {
    const { page } = browser
    await page.goto(`${appUrl()}/kapy/demo?lang=fi`)
    const { account } = await storeApi(page, "/store/loyalty/me")
    const fi = `${new Intl.NumberFormat("fi-FI").format(account.points_balance)} käpyä`
    await page.locator("#w-balance [part=balance]").filter({ hasText: fi }).waitFor()
    await page.locator("#w-balance [part=label]").filter({ hasText: "Saldosi" }).waitFor()
    await page.locator("#w-ways h2").filter({ hasText: "Näin ansaitset" }).waitFor()
    await page.locator("#w-ways [part=way]").filter({ hasText: "Luo tili +50 käpyä" }).waitFor()
    await page.locator("#w-history [part=reason]").filter({ hasText: "Tervetuliaisbonus" }).waitFor()
    await page.locator("#w-launcher .launch").filter({ hasText: "Edut" }).waitFor()
    await page.locator("kapy-product-points [part=points]").first().filter({ hasText: /Ansaitse \d+ käpy/ }).waitFor()
    // the element's own lang wins over the document's
    await page.evaluate(() => document.getElementById("w-tier")!.setAttribute("lang", "en"))
    await page.locator("#w-tier [part=label]").filter({ hasText: "Tier progress" }).waitFor()
    await page.evaluate(() => document.getElementById("w-tier")!.removeAttribute("lang"))
    await page.locator("#w-tier [part=label]").filter({ hasText: "Tason edistyminen" }).waitFor()
    // tiers by their Finnish names, money in one format
    await page.locator("#w-tier [part=tier]").filter({ hasText: "Pronssi" }).waitFor()
    await page.locator("#w-tier [part=remaining]").filter({ hasText: /vielä tasoon Hopea/ }).waitFor()
    await page.locator("#cart-total").filter({ hasText: /\d,\d\d\s€/ }).waitFor()
    const texts = (await visibleTexts(page)).join("\n")
    expect(texts).not.toMatch(/€\d/)
    expect(await englishOn(page)).toEqual([])
    await page.locator("#w-launcher .launch").click()
    await page.locator("#w-launcher kapy-history [part=entry]").first().waitFor()
    expect(await englishOn(page)).toEqual([])
    await page.keyboard.press("Escape")
    // switched by the menu, the page changes language at once, its own texts too
    await page.locator("#lang").selectOption("en")
    await page.getByRole("button", { name: "Place order" }).waitFor()
    await page.locator("#lang").selectOption("fi")
    await page.getByRole("button", { name: "Tee tilaus" }).waitFor()
    expect(await englishOn(page)).toEqual([])
    expect(await seriousA11yViolations(page)).toEqual([])
    await screenshot(page, "widgets-page-fi")
    // the floating launcher would cover whichever widget is at the viewport's corner
    await page.evaluate(() => (document.getElementById("w-launcher")!.style.visibility = "hidden"))
    for (const id of WIDGETS) {
      await page.locator(`#${id}`).screenshot({ path: shot(`widget-${id.slice(2)}-fi`) })
    }
    await page.locator("kapy-product-points").first().screenshot({ path: shot("widget-product-points-fi") })
    await page.evaluate(() => (document.getElementById("w-launcher")!.style.visibility = ""))
    await page.locator("#w-launcher .launch").click()
    await page.locator("#w-launcher [part=panel]").screenshot({ path: shot("widget-launcher-fi") })
    await page.keyboard.press("Escape")
  })

  it("shows a Finnish guest on a phone no English word either, and the join prompt in the tier card", async () => {
    const guest = await openBrowser()
    try {
      const p = guest.page
      await p.setViewportSize({ width: 390, height: 844 })
      await p.goto(`${appUrl()}/kapy/demo?lang=fi`)
      await p.locator("#w-tier [part=remaining]").filter({ hasText: "Liity: aloitat tasolta Pronssi, ylin taso on Kulta." }).waitFor()
      await p.locator("#products .product").first().waitFor()
      await p.locator("#w-ways [part=way]").first().waitFor()
      expect(await englishOn(p)).toEqual([])
      await p.locator("#w-launcher .launch").click()
      await p.locator("#w-launcher [part=panel] [part=join]").first().waitFor()
      expect(await englishOn(p)).toEqual([])
      await screenshot(p, "widgets-guest-fi-390x844")
    } finally {
      await guest.close()
    }
  })

  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ]) {
    it(`keeps the launcher off every focusable element at ${width}×${height}: at the page's end and whatever gets focus`, async () => {
      const { page } = browser
      await page.setViewportSize({ width, height })
      await page.goto(`${appUrl()}/kapy/demo`)
      const redeem = page.locator("#w-redeem")
      await redeem.locator("[part=total]").waitFor()
      await page.locator("#w-history [part=entry]").first().waitFor()
      // cones on the cart: its Remove button is on the page
      await redeem.getByLabel("cones to use").fill("100")
      await redeem.getByRole("button", { name: "Use" }).click()
      await redeem.getByRole("button", { name: "Remove" }).waitFor()
      try {
        if (width < 480) {
          // compact: the star and the balance, its name still for screen readers
          const box = await page.locator("#w-launcher .launch").boundingBox()
          expect(box!.width).toBeLessThan(160)
          await page.getByRole("button", { name: /Rewards/ }).waitFor()
        }
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
        expect(await coveredByLauncher(page)).toEqual([])
        await screenshot(page, `widgets-launcher-clear-${width}x${height}`)
        await page.screenshot({ path: shot(`widgets-launcher-viewport-end-${width}x${height}`) })
        // every Tab stop of the page, from the top, up to the launcher (the page's last)
        await page.evaluate(() => window.scrollTo(0, 0))
        await page.locator("#lang").focus()
        const covered: string[] = []
        let stops = 0
        for (; stops < 200; stops++) {
          await page.keyboard.press("Tab")
          const hit = await focusCovered(page)
          if (hit === "launcher") break
          if (hit) covered.push(hit)
        }
        expect(covered).toEqual([])
        expect(stops).toBeGreaterThan(12)
        await redeem.getByRole("button", { name: "Remove" }).focus()
        expect(await focusCovered(page)).toBeNull()
        await page.screenshot({ path: shot(`widgets-launcher-focus-remove-${width}x${height}`) })
      } finally {
        await redeem.getByRole("button", { name: "Remove" }).click()
        await redeem.getByRole("button", { name: "Use" }).waitFor()
        await page.setViewportSize({ width: 1366, height: 900 })
      }
    })
  }

  it("places the order paid partly with cones, and the balance drops by them without a reload", async () => {
    const { page } = browser
    await page.goto(`${appUrl()}/kapy/demo`)
    const redeem = page.locator("#w-redeem")
    await redeem.locator("[part=total]").waitFor()
    const { account } = await storeApi(page, "/store/loyalty/me")
    await redeem.getByLabel("cones to use").fill("500")
    await redeem.getByRole("button", { name: "Use" }).click()
    await redeem.locator("[part=applied]").waitFor()
    // shipping is on the cart, and in its total, before the order is placed
    await page.locator("#cart-sums").filter({ hasText: /Shipping \(.+\)/ }).waitFor()
    const { cart } = await storeApi(page, `/store/carts/${await redeem.getAttribute("cart-id")}?fields=%2Bshipping_methods.amount`)
    expect(cart.shipping_methods).toHaveLength(1)
    await page.locator("#cart-shipping").filter({ hasText: eur(cart.shipping_methods[0].amount) }).waitFor()
    await page.locator("#cart-total").filter({ hasText: eur(cart.total) }).waitFor()
    await screenshot(page, "widgets-cart-shipping-en")
    const before = await storeApi(page, "/store/loyalty/me/transactions?limit=1")
    await page.evaluate(() => ((window as any).__sameDocument = true))
    await page.getByRole("button", { name: "Place order" }).click()
    await page.locator("#cart-message").filter({ hasText: /Order #\d+ placed/ }).waitFor()
    await page.locator("#w-balance [part=balance]").filter({ hasText: en(account.points_balance - 500) }).waitFor()
    // the shop credits the order in its subscribers: wait until GET /store/loyalty/me has it (its purchase entry and the spend)
    let after: any
    let entries: any
    const deadline = Date.now() + 90_000
    for (;;) {
      after = await storeApi(page, "/store/loyalty/me")
      entries = await storeApi(page, "/store/loyalty/me/transactions?limit=5")
      // its redemption entry, and its spend toward the next tier (recorded with the order's own cones, if it earns any)
      if (entries.count > before.count && after.account.tier_progress.qualifying > account.tier_progress.qualifying) break
      if (Date.now() > deadline) {
        throw new Error(`the order was not credited: ${JSON.stringify({ before: { count: before.count, progress: account.tier_progress }, now: { count: entries.count, progress: after.account.tier_progress } })}`)
      }
      await new Promise((r) => setTimeout(r, 250))
    }
    expect(after.account.points_balance).toBe(account.points_balance - 500)
    expect(entries.transactions.map((e: any) => e.reason)).toContain("redemption")
    // the page agrees with it, without a reload: balance, pending, tier progress and history
    // (compared with a fresh read each round until both tell the same, as the page's own reads follow the order)
    const sign = (n: number) => `${n > 0 ? "+" : "−"}${en(Math.abs(n))}`
    const shownNow = () =>
      page.evaluate(() => {
        const part = (id: string, name: string) => document.getElementById(id)!.shadowRoot!.querySelector(`[part=${name}]`)?.textContent?.trim() ?? null
        const history = document.getElementById("w-history")!.shadowRoot!
        return {
          balance: part("w-balance", "balance"),
          pending: part("w-balance", "pending"),
          remaining: part("w-tier", "remaining"),
          history: Array.from(history.querySelectorAll("[part=points]")).map((el) => el.textContent!.trim()),
        }
      })
    const expectedNow = async () => {
      const { account: a } = await storeApi(page, "/store/loyalty/me")
      const { transactions } = await storeApi(page, "/store/loyalty/me/transactions?limit=5")
      return {
        balance: en(a.points_balance),
        pending: `${en(a.points_pending)} pending`,
        remaining: `${eur(a.next_tier.remaining)} more to ${a.next_tier.name}`,
        history: transactions.map((e: any) => sign(e.points)),
      }
    }
    let shown = await shownNow()
    let expected = await expectedNow()
    for (const until = Date.now() + 30_000; JSON.stringify(shown) !== JSON.stringify(expected) && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 250))
      ;[shown, expected] = [await shownNow(), await expectedNow()]
    }
    expect(shown).toEqual(expected)
    expect(expected.remaining).not.toBe(`${eur(account.next_tier.remaining)} more to ${account.next_tier.name}`)
    await page.locator("#w-launcher .launch").filter({ hasText: expected.balance }).waitFor()
    await page.locator("#w-history [part=reason]").filter({ hasText: "Used on an order" }).waitFor()
    expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true)
    await screenshot(page, "widgets-order-placed-en")
  })

  it("applies a friend's ?ref= code when the visitor registers", async () => {
    const { page } = browser
    const { account: referrer } = await storeApi(page, "/store/loyalty/me")
    const friend = await openBrowser()
    try {
      const p = friend.page
      // the member's link, as the widget shows it, opens this demo page
      const link = await page.locator("#w-referral [part=link]").inputValue()
      expect(link).toBe(`${appUrl()}/kapy/demo?ref=${referrer.referral_code}`)
      await p.goto(link)
      await p.locator("#w-referral [part=notice]").filter({ hasText: referrer.referral_code }).waitFor()
      // kept across pages until the visitor registers
      await p.goto(`${appUrl()}/kapy/demo`)
      const email = `friend-${Date.now()}@example.com`
      const form = p.locator("#register-form")
      await form.getByLabel("First name").fill("Ilona")
      await form.getByLabel("Email").fill(email)
      await form.getByLabel("Password").fill("friend-pass-2026")
      await form.getByRole("button", { name: "Create account" }).click()
      await p.locator("#who").filter({ hasText: email }).waitFor()
      await p.locator("#w-referral [part=notice]").filter({ hasText: `Your friend's code ${referrer.referral_code} is applied.` }).waitFor()
      const { referrals } = await storeApi(p, "/store/loyalty/me")
      expect(referrals.as_friend).toMatchObject({ code: referrer.referral_code, status: "pending" })
      // the friend's welcome gift, as the API gave it
      if (referrals.as_friend.reward?.code) {
        await p.locator("#w-referral [part=gift]").filter({ hasText: referrals.as_friend.reward.code }).waitFor()
      }
      expect(await p.evaluate(() => localStorage.getItem("kapy_referral"))).toBeNull()
      await screenshot(p, "widgets-referral-applied-en")
    } finally {
      await friend.close()
    }
  })
})
