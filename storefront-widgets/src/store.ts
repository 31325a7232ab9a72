import { type Claim, type Entry, KapyClient, type KapyClientConfig, KapyError, type Me, type Page, type Program } from "./client"
import { captureReferral, forgetReferral, storedReferral } from "./referral"

export type ReferralNotice = { code: string; status: "saved" | "applied" | "not_eligible" | "error"; error?: unknown }

export type KapyConfig = KapyClientConfig & {
  /** The query parameter of referral links (default `ref`, as the program's `link_param`). */
  referralParam?: string
}

export type State = {
  program: Program | null
  /** undefined: not loaded yet; null: a guest */
  me: Me | null | undefined
  claims: Claim[]
  /** the newest entries (HISTORY_SIZE), read together with `me` so that both tell the same moment */
  history: Page<Entry> | null
  /** why the program or the account could not be loaded */
  error: unknown
  referral: ReferralNotice | null
}

/** Entries the store reads with the account (history widgets of up to this many rows use them). */
export const HISTORY_SIZE = 10
/** After an order: read again now and at these delays (ms), while the shop's subscribers credit it. */
export const SETTLE_DELAYS = [1500, 4000, 9000]

/**
 * The state every widget on the page shares: one client, the program and
 * the shopper's account loaded once, reloaded after a change. Widgets
 * listen for `change`; the page hears `kapy:balance-changed` on `document`.
 *
 * The account and its newest entries are always read together, so the
 * balance, the tier progress and the history on a page agree. They are
 * read again after `kapy:cart-changed` and `kapy:redeemed`, after
 * `kapy:order-placed` (then a few times more, as the order's cones are
 * credited by the shop's subscribers), and when the tab comes back.
 */
export class KapyStore extends EventTarget {
  client: KapyClient
  config: KapyConfig
  state: State = { program: null, me: undefined, claims: [], history: null, error: null, referral: null }
  private loading: Promise<void> | null = null
  private generation = 0
  private timers: ReturnType<typeof setTimeout>[] = []
  private lastRead = 0

  constructor(config: KapyConfig = {}) {
    super()
    this.config = config
    this.client = new KapyClient(config)
  }

  /** Hears the page's events (once, by the script that defines the elements). */
  listen(doc: Document, win: Window) {
    const soon = () => this.state.me && this.refreshMe()
    doc.addEventListener("kapy:cart-changed", soon)
    doc.addEventListener("kapy:order-placed", () => this.settle())
    doc.addEventListener("visibilitychange", () => doc.visibilityState === "visible" && this.onFocus())
    win.addEventListener("focus", () => this.onFocus())
  }

  private onFocus() {
    // one read for a tab switch that fires both events
    if (this.state.me && Date.now() - this.lastRead > 2000) this.refreshMe()
  }

  /** After an order: reads now and again a few times while the order's cones and tier progress arrive. */
  settle(delays = SETTLE_DELAYS): Promise<void> {
    this.timers.forEach(clearTimeout)
    this.timers = delays.map((ms) => setTimeout(() => this.refreshMe(), ms))
    return this.refreshMe()
  }

  /** Replaces the configuration (a login, a new cart) and loads again. */
  configure(config: KapyConfig): Promise<void> {
    this.init({ ...this.config, ...config })
    return this.reload()
  }

  /** Sets the configuration without loading. */
  init(config: KapyConfig) {
    this.config = config
    this.client = new KapyClient(config)
  }

  /** Captures `?ref=` from this page's address. */
  capture(url: string, param = this.config.referralParam) {
    const code = captureReferral(url, this.client.storage, param)
    if (code) this.set({ referral: { code, status: "saved" } })
  }

  /** Loads once; the first load waits a microtask so that a `configure` right after the import wins. */
  ensure(): Promise<void> {
    return (this.loading ??= Promise.resolve().then(() => this.reload()))
  }

  async reload(): Promise<void> {
    const generation = ++this.generation
    this.loading ??= Promise.resolve()
    // the program shows as soon as it is there (ways to earn do not wait for the account)
    const programLoad = this.client.program().then((value) => {
      if (generation === this.generation) this.set({ program: value })
      // the shop's own referral parameter, unless the page named one
      const param = value.referral?.link_param
      if (param && !this.config.referralParam && param !== "ref" && typeof location !== "undefined") {
        this.capture(location.href, param)
      }
      return value
    })
    const [program, read] = await Promise.allSettled([programLoad, this.readMe()])
    if (generation !== this.generation) return
    this.set({ error: program.status === "rejected" ? program.reason : read.status === "rejected" ? read.reason : null })
    this.setMe(read.status === "fulfilled" ? read.value.me : null, read.status === "fulfilled" ? read.value.history : null)
    if (this.state.me) {
      await this.loadClaims()
      await this.applyReferral()
    }
  }

  /** The account and its newest entries, read at the same moment. */
  private async readMe(): Promise<{ me: Me | null; history: Page<Entry> | null }> {
    this.lastRead = Date.now()
    if (!(await this.client.maybeLoggedIn())) return { me: null, history: null }
    const history = this.client.transactions(HISTORY_SIZE, 0).catch(() => null)
    const me = await this.client.me()
    return { me, history: me ? await history : null }
  }

  /** Reloads the account after a change (a claim, a redemption, a birthday). */
  async refreshMe(): Promise<void> {
    try {
      const { me, history } = await this.readMe()
      this.setMe(me, history)
      if (this.state.me) await this.loadClaims()
    } catch (error) {
      this.set({ error })
    }
  }

  async loadClaims() {
    try {
      this.set({ claims: await this.client.claims() })
    } catch {
      // the list is a nicety: claiming still answers in words
    }
  }

  /**
   * A code kept from a `?ref=` visit is applied once the shopper is logged
   * in and has no referral yet; a refused code is forgotten, an unreachable
   * shop keeps it for the next page.
   */
  async applyReferral() {
    const storage = this.client.storage
    const code = storedReferral(storage)
    const me = this.state.me
    if (!code || !me) return
    if (me.referrals?.as_friend) {
      forgetReferral(storage)
      return
    }
    try {
      const { referral } = await this.client.applyReferral(code)
      forgetReferral(storage)
      this.set({ referral: { code, status: referral?.status === "not_eligible" ? "not_eligible" : "applied" } })
      await this.refreshMe()
    } catch (error) {
      if (error instanceof KapyError && error.status >= 400 && error.status < 500 && error.kind !== "auth") forgetReferral(storage)
      this.set({ referral: { code, status: "error", error } })
    }
  }

  private setMe(me: Me | null, history: Page<Entry> | null = null) {
    const before = this.state.me?.account
    this.set({ me, history })
    const after = me?.account
    if (before && after && (before.points_balance !== after.points_balance || before.points_pending !== after.points_pending)) {
      document.dispatchEvent(
        new CustomEvent("kapy:balance-changed", {
          detail: {
            balance: after.points_balance,
            pending: after.points_pending,
            previous: { balance: before.points_balance, pending: before.points_pending },
          },
        })
      )
    }
  }

  set(patch: Partial<State>) {
    this.state = { ...this.state, ...patch }
    this.dispatchEvent(new Event("change"))
  }
}
