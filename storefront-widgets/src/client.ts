/**
 * The widgets' one data client. Two sources, one interface:
 *
 * - `medusa`: Medusa's store API (`/store/loyalty/*`, `/store/carts/:id/loyalty-points`)
 *   with the publishable key and the customer's auth the way `@medusajs/js-sdk`
 *   sends it: a JWT as a bearer token (given, from `getToken`, or from
 *   localStorage's `medusa_auth_token`, js-sdk's default), or the session
 *   cookie (`auth: "session"`, requests with credentials).
 * - `shopify`: the Shopify adapter's app-proxy paths on the shop's own domain
 *   (`/apps/kapy/{me,transactions,program,claims,referrals/apply,redeem}`),
 *   signed by Shopify; the logged-in shopper comes with the storefront's cookies.
 *
 * The client does no arithmetic of the program: balances, limits, values and
 * totals are what the API answers.
 */

export type Source = "medusa" | "shopify"

/** What the client needs of Web Storage (localStorage, or a stub in tests). */
export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export interface KapyClientConfig {
  /** `medusa` (default) or `shopify`. */
  source?: Source
  /** Medusa: the backend's URL (default: this page's origin). Shopify: the app proxy path (default `/apps/kapy`). */
  baseUrl?: string
  /** Medusa: the publishable API key, sent as `x-publishable-api-key`. */
  publishableKey?: string
  /** Medusa: `jwt` (default, a bearer token) or `session` (Medusa's session cookie, credentials included). */
  auth?: "jwt" | "session"
  /** Medusa: the customer's JWT; without it, `getToken` or the storage key is asked. */
  token?: string | null
  /** Medusa: the host app's own token source; `refresh: true` after a 401 asks for a fresh one. */
  getToken?: (options: { refresh: boolean }) => string | null | undefined | Promise<string | null | undefined>
  /** Medusa: where js-sdk keeps the JWT (default `medusa_auth_token`; null: nowhere). */
  tokenStorageKey?: string | null
  /** Called with a refreshed JWT (also stored under `tokenStorageKey`). */
  onToken?: (token: string) => void
  /** The current cart (Medusa). */
  cartId?: string | null
  /** Web Storage for the JWT and a captured referral code (default: localStorage when there is one). */
  storage?: StorageLike | null
  fetch?: typeof fetch
}

/** An error in words, with what kind it is for the widgets to explain. */
export class KapyError extends Error {
  /** HTTP status; 0 when the shop could not be reached. */
  status: number
  /** The API's `type` (`invalid_data`, `not_allowed`, `unauthorized`…) or `network`. */
  type: string
  constructor(message: string, status: number, type: string) {
    super(message)
    this.name = "KapyError"
    this.status = status
    this.type = type
  }
  /** network | auth | not_found | conflict | invalid | server */
  get kind(): "network" | "auth" | "not_found" | "conflict" | "invalid" | "server" {
    const s = this.status
    return s === 0 ? "network" : s === 401 || s === 403 ? "auth" : s === 404 ? "not_found" : s === 409 ? "conflict" : s === 400 ? "invalid" : "server"
  }
}

export type Unit = Record<string, { one: string; other: string }>
export type Tier = {
  id: string
  name: string
  rank: number
  threshold: number
  multiplier: number
  perks: string | null
  translations?: Record<string, { name?: string; perks?: string }>
}
export type WayToEarn = {
  action: "purchase" | "signup" | "birthday" | "referral" | "review" | "social_follow" | "custom"
  points?: number
  rates?: Record<string, string>
  pending_days?: number
  platform?: string
  profile_url?: string | null
  auto_approve?: boolean
  action_id?: string
  name?: Record<string, string>
}
export type Program = {
  unit: Unit
  ways_to_earn: WayToEarn[]
  redemption: { rates: Record<string, string>; min_points: number; step_points: number; max_cart_share_percent: number }
  tiers: Tier[]
  tier_rules: { metric: "spend" | "points" | "orders"; window: string; currency_code: string }
  referral: { referrer_points: number; friend_reward: any; link_param: string } | null
}
export type Account = {
  id: string | null
  points_balance: number
  points_pending: number
  lifetime_points: number
  tier: Tier | null
  next_tier: { name: string; remaining: number } | null
  tier_progress: { metric: string; window: string; qualifying: number }
  referral_code: string | null
  referral_link: string | null
  birthday: string | null
}
export type Me = {
  account: Account
  referrals: {
    as_friend: { code: string; status: string; reward: any } | null
    as_referrer: { count: number; pending: number; completed: number; points_earned: number }
  }
}
export type Entry = { id: string; reason: string; points: number; available_delta: number; pending_delta: number; balance_after: number; note: string | null; created_at: string }
export type Claim = { id: string; type: string; platform: string | null; action_id: string | null; status: string; points: number | null }
export type Page<T> = { items: T[]; count: number; limit: number; offset: number }
export type CreditLine = { id: string; reference: string; amount: number; metadata?: { points?: number } | null }
export type Cart = {
  id: string
  currency_code: string
  total: number
  subtotal?: number
  item_total?: number
  credit_line_total?: number
  credit_lines?: CreditLine[]
  region_id?: string
}
export type Preview = { variant_id: string; quantity: number; currency_code: string; points: number; multiplier: number }
/** What paying the cart with `points` would do, as the shop computes it (`GET /store/carts/:id/loyalty-points`). */
export type Quote = {
  points: number | null
  available: number
  min_points: number
  step_points: number
  max_points: number
  applied_points: number
  value: number
  total_before: number
  total_after: number
  currency_code: string
  problem: { code: string; message: string } | null
}
/** Shopify's answer to a redemption: a single-use discount code. */
export type Discount = { code: string; url: string; points: number; amount: number; currency_code: string }
/** Shopify's answer to a redemption into store credit: the amount added. */
export type StoreCredit = { points: number; amount: number; currency_code: string; expires_at: string }
/** What cones bought on Shopify: the program's `shopify_redemption` says which. */
export type ShopifyRedemption = { redemption: "discount_code"; discount: Discount } | { redemption: "store_credit"; store_credit: StoreCredit }
export type ClaimInput =
  | { action: "social_follow"; platform: string; handle?: string }
  | { action: "custom"; action_id: string; evidence?: string }

/** The credit line Kapy puts on a cart paid with cones. */
export const POINTS_LINE = "loyalty-points"

function defaultStorage(): StorageLike | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage
  } catch {
    return null // blocked (privacy settings)
  }
}

export class KapyClient {
  readonly source: Source
  private c: KapyClientConfig
  private base: string
  readonly storage: StorageLike | null

  constructor(config: KapyClientConfig = {}) {
    this.c = config
    this.source = config.source === "shopify" ? "shopify" : "medusa"
    const origin = typeof location === "undefined" ? "" : location.origin
    this.base = (config.baseUrl ?? (this.source === "shopify" ? "/apps/kapy" : origin)).replace(/\/+$/, "")
    this.storage = config.storage === undefined ? defaultStorage() : config.storage
  }

  get cartId(): string | null {
    return this.c.cartId ?? null
  }

  /** Whether a shopper may be logged in (a token, a session, or Shopify's cookies). */
  async maybeLoggedIn(): Promise<boolean> {
    return this.source === "shopify" || this.c.auth === "session" || !!(await this.token(false))
  }

  private tokenKey() {
    return this.c.tokenStorageKey === undefined ? "medusa_auth_token" : this.c.tokenStorageKey
  }

  private async token(refresh: boolean): Promise<string | null> {
    if (this.c.getToken) return (await this.c.getToken({ refresh })) || null
    const key = this.tokenKey()
    return this.c.token || (key && this.storage?.getItem(key)) || null
  }

  /** js-sdk's `auth.refresh()`: a new JWT for a still-valid one. */
  private async refresh(old: string): Promise<string | null> {
    if (this.c.getToken) {
      const fresh = await this.token(true)
      return fresh && fresh !== old ? fresh : null
    }
    try {
      const res = await this.f()(`${this.base}/auth/token/refresh`, {
        method: "POST",
        headers: { authorization: `Bearer ${old}` },
      })
      const body = res.ok ? await res.json() : null
      if (!body?.token) return null
      this.c.token = body.token
      const key = this.tokenKey()
      if (key) this.storage?.setItem(key, body.token)
      this.c.onToken?.(body.token)
      return body.token
    } catch {
      return null
    }
  }

  private f(): typeof fetch {
    return this.c.fetch ?? fetch.bind(globalThis)
  }

  private path(medusa: string | null, shopify: string | null): string {
    const path = this.source === "medusa" ? medusa : shopify
    if (path === null) throw new KapyError(`Not available with the ${this.source} source`, 404, "not_supported")
    return this.base + path
  }

  /** One request; a 401 with a JWT is retried once with a refreshed token. */
  async request<T = any>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    let token = this.source === "medusa" && this.c.auth !== "session" ? await this.token(false) : null
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { accept: "application/json" }
      if (init.body !== undefined) headers["content-type"] = "application/json"
      if (this.source === "medusa" && this.c.publishableKey) headers["x-publishable-api-key"] = this.c.publishableKey
      if (token) headers.authorization = `Bearer ${token}`
      let res: Response
      try {
        res = await this.f()(url, {
          method: init.method ?? "GET",
          headers,
          body: init.body === undefined ? undefined : JSON.stringify(init.body),
          credentials: this.source === "shopify" ? "same-origin" : this.c.auth === "session" ? "include" : undefined,
        })
      } catch (error) {
        throw new KapyError(String((error as Error)?.message || error), 0, "network")
      }
      if (res.status === 401 && token && attempt === 0) {
        const fresh = await this.refresh(token)
        if (fresh) {
          token = fresh
          continue
        }
      }
      const body = await res.json().catch(() => null)
      if (!res.ok) {
        throw new KapyError(body?.message || res.statusText || `HTTP ${res.status}`, res.status, body?.type || "unknown")
      }
      return body as T
    }
  }

  async program(): Promise<Program> {
    return this.request(this.path("/store/loyalty/program", "/program")).then((b) => b.program)
  }

  /** The shopper's account and referrals; null for a guest (no login, or a login that expired). */
  async me(): Promise<Me | null> {
    if (!(await this.maybeLoggedIn())) return null
    try {
      return await this.request<Me>(this.path("/store/loyalty/me", "/me"))
    } catch (error) {
      if (error instanceof KapyError && error.kind === "auth") return null
      throw error
    }
  }

  async transactions(limit = 10, offset = 0): Promise<Page<Entry>> {
    const q = `?limit=${limit}&offset=${offset}`
    const b = await this.request(this.path("/store/loyalty/me/transactions", "/transactions") + q)
    return { items: b.transactions, count: b.count, limit: b.limit, offset: b.offset }
  }

  async claims(): Promise<Claim[]> {
    const b = await this.request(this.path("/store/loyalty/me/claims", "/claims") + "?limit=100")
    return b.claims
  }

  async claim(input: ClaimInput): Promise<Claim> {
    return this.request(this.path("/store/loyalty/claims", "/claims"), { method: "POST", body: input }).then((b) => b.claim)
  }

  async setBirthday(birthday: string): Promise<unknown> {
    return this.request(this.path("/store/loyalty/me", null), { method: "POST", body: { birthday } })
  }

  async applyReferral(code: string): Promise<{ referral: any; message: string }> {
    return this.request(this.path("/store/loyalty/referrals/apply", "/referrals/apply"), { method: "POST", body: { code } })
  }

  async preview(input: { variant_id: string; region_id: string; quantity?: number }): Promise<Preview> {
    const q = new URLSearchParams({ variant_id: input.variant_id, region_id: input.region_id, quantity: String(input.quantity ?? 1) })
    return this.request(this.path("/store/loyalty/preview", null) + "?" + q).then((b) => b.preview)
  }

  async cart(cartId: string): Promise<Cart> {
    return this.request(this.path(`/store/carts/${encodeURIComponent(cartId)}`, null)).then((b) => b.cart)
  }

  /** Medusa: what `points` would take off the cart (value, new total, limits, problem), before applying them. */
  async quoteCart(cartId: string, points: number | null): Promise<Quote> {
    const q = points === null ? "" : `?points=${encodeURIComponent(points)}`
    return this.request(this.path(`/store/carts/${encodeURIComponent(cartId)}/loyalty-points`, null) + q).then((b) => b.quote)
  }

  /** Medusa: pays part of the cart with cones (a credit line) and answers the cart. */
  async redeemOnCart(cartId: string, points: number): Promise<Cart> {
    return this.request(this.path(`/store/carts/${encodeURIComponent(cartId)}/loyalty-points`, null), {
      method: "POST",
      body: { points },
    }).then((b) => b.cart)
  }

  async removeFromCart(cartId: string): Promise<Cart> {
    return this.request(this.path(`/store/carts/${encodeURIComponent(cartId)}/loyalty-points`, null), { method: "DELETE" }).then(
      (b) => b.cart
    )
  }

  /**
   * Shopify: spends cones for what the program gives there, a single-use
   * discount code or store credit. One key per call: a retry of it makes
   * nothing twice.
   */
  async redeemOnShopify(points: number): Promise<ShopifyRedemption> {
    return this.request(this.path(null, "/redeem"), { method: "POST", body: { points, idempotency_key: crypto.randomUUID() } })
  }
}

/** The cones line of a cart, if it is paid with cones. */
export function pointsLine(cart: Cart | null | undefined): CreditLine | undefined {
  return cart?.credit_lines?.find((line) => line.reference === POINTS_LINE)
}
