import { css, html, nothing } from "lit"
import { type Cart, pointsLine, type Quote, type ShopifyRedemption } from "../client"
import { KapyElement, skel, store } from "../base"

/**
 * `<kapy-redeem>`: pays part of the current cart with cones. The shopper
 * chooses an amount within the program's minimum and steps and, while
 * typing, sees what it is worth and the new total as the shop quotes them
 * (`GET /store/carts/:id/loyalty-points?points=`); applying answers with the
 * cart. Every amount is the API's, never the widget's own sums. Remove
 * takes them off again.
 *
 * Attributes: `cart-id` (default: the client's `cartId`). On Shopify the
 * cones become what the program gives there: a single-use discount code
 * with a link that applies it, or an amount added to the shopper's store
 * credit. Events: `kapy:redeemed` `{ points, cart | discount | store_credit }`
 * (points 0 after removing). Listens for `kapy:cart-changed` on `document`
 * to reload the cart. Parts: card, heading, available, form, input, apply,
 * remove, quote, applied, total-label, total, code, credit, error.
 */
export class KapyRedeem extends KapyElement {
  static properties = { cartId: { attribute: "cart-id" } }
  declare cartId: string | null
  private cart: Cart | null = null
  private got: ShopifyRedemption | null = null
  /** the shop's quote for the amount typed; `limits` for none (the most this member may use here) */
  private quote: Quote | null = null
  private limits: Quote | null = null
  private timer: ReturnType<typeof setTimeout> | undefined
  private busy = false
  private err: unknown = null
  private loadedFor: string | null = null
  private onCart = () => this.load()

  connectedCallback() {
    super.connectedCallback()
    document.addEventListener("kapy:cart-changed", this.onCart)
  }

  disconnectedCallback() {
    super.disconnectedCallback()
    document.removeEventListener("kapy:cart-changed", this.onCart)
  }

  private get currentCartId() {
    return this.cartId || store.client.cartId
  }

  protected updated() {
    if (store.client.source === "medusa" && this.currentCartId && this.currentCartId !== this.loadedFor) this.load()
  }

  /** Reloads the cart from the shop (after the page changed it). */
  async load() {
    const id = this.currentCartId
    if (!id || store.client.source !== "medusa") return
    this.loadedFor = id
    try {
      ;[this.cart, this.limits] = await Promise.all([store.client.cart(id), store.client.quoteCart(id, null)])
      this.quote = null
      this.err = null
    } catch (error) {
      this.err = error
    }
    this.requestUpdate()
  }

  private async run(points: number) {
    this.busy = true
    this.err = null
    this.requestUpdate()
    try {
      if (store.client.source === "shopify") {
        const got = (this.got = await store.client.redeemOnShopify(points))
        this.emit("kapy:redeemed", { points, ...(got.redemption === "store_credit" ? { store_credit: got.store_credit } : { discount: got.discount }) })
      } else {
        this.cart = points ? await store.client.redeemOnCart(this.currentCartId!, points) : await store.client.removeFromCart(this.currentCartId!)
        this.quote = null
        this.emit("kapy:redeemed", { points, cart: this.cart })
      }
      await store.refreshMe()
    } catch (error) {
      this.err = error
    }
    this.busy = false
    this.requestUpdate()
  }

  /** Asks the shop what the typed amount would do, once typing pauses. */
  private typed(event: InputEvent) {
    const value = Number((event.target as HTMLInputElement).value)
    clearTimeout(this.timer)
    const id = this.currentCartId
    if (!id || store.client.source !== "medusa" || !(value > 0)) {
      this.quote = null
      this.requestUpdate()
      return
    }
    this.timer = setTimeout(async () => {
      try {
        this.quote = await store.client.quoteCart(id, value)
      } catch {
        this.quote = null
      }
      this.requestUpdate()
    }, 250)
  }

  private submit(event: SubmitEvent) {
    event.preventDefault()
    const value = Number((event.target as HTMLFormElement).querySelector("input")!.value)
    if (value > 0) this.run(value)
  }

  render() {
    const { fmt, state } = this
    const t = fmt.t
    const account = state.me?.account
    const rules = state.program?.redemption
    const heading = fmt.f("redeem", { u: fmt.unitName(2) })
    const body = () => {
      if (this.loading) return html`<p>${skel(t.loading)}</p><p>${skel(t.available)}</p>`
      if (!account) return html`<p class="muted">${t.guest}</p>`
      const shopify = store.client.source === "shopify"
      if (!shopify && !this.currentCartId) return html`<p class="muted">${fmt.f("noCart", { u: fmt.unitName(2) })}</p>`
      const cart = this.cart
      const line = pointsLine(cart)
      const currency = cart?.currency_code ?? "eur"
      // the program's published rate, shown as it is: cones per one unit of the currency
      const rate = cart && rules?.rates[currency]
      const form = html`<form part="form" class="row" @submit=${this.submit}>
          <label for="pts">${fmt.f("points", { u: fmt.unitName(2) })}</label>
          <input part="input" id="pts" type="number" inputmode="numeric" required
            min=${rules?.min_points ?? 1} step=${rules?.step_points ?? 1} max=${this.limits?.max_points || account.points_balance}
            .value=${String(Math.min(account.points_balance, rules?.min_points ?? 1))} @input=${this.typed} />
          <button part="apply" ?disabled=${this.busy}>${t.apply}</button>
        </form>
        ${this.quote
          ? html`<p part="quote" role="status" class=${this.quote.problem ? "error" : "ok"}>${this.quote.problem
              ? fmt.lang === "en" ? this.quote.problem.message : `${t.e.invalid} (${this.quote.problem.message})`
              : fmt.f("quote", {
                  x: fmt.pts(this.quote.points ?? 0),
                  money: fmt.money(this.quote.value, currency),
                  total: fmt.money(this.quote.total_after, currency),
                })}</p>`
          : nothing}
        ${rules
          ? html`<p part="rules" class="muted">${fmt.f("rules", { min: fmt.pts(rules.min_points), step: fmt.num(rules.step_points) })}
              ${rate ? fmt.f("worth", { x: fmt.pts(Number(rate)), money: fmt.money(1, currency, true) }) : nothing}</p>`
          : nothing}`
      return html`<p part="available">${fmt.f("available", { x: fmt.pts(account.points_balance) })}</p>
        ${line
          ? html`<div class="row">
              <p part="applied" class="ok" role="status">${fmt.f("applied", {
                x: fmt.pts(Number(line.metadata?.points ?? 0)),
                money: fmt.money(Number(line.amount), currency),
              })}</p>
              <button part="remove" class="secondary" ?disabled=${this.busy} @click=${() => this.run(0)}>${t.remove}</button>
            </div>`
          : form}
        ${this.got?.redemption === "store_credit"
          ? html`<p part="credit" class="ok" role="status">${fmt.f("credited", { money: fmt.money(this.got.store_credit.amount, this.got.store_credit.currency_code) })}</p>`
          : this.got
            ? html`<p part="code" class="ok">${fmt.f("code", { code: this.got.discount.code })}
                <a class="btn" href=${this.got.discount.url + "?redirect=/cart"}>${t.useCode}</a></p>`
            : nothing}
        ${cart
          ? html`<p class="row" role="status"><span part="total-label">${line ? t.newTotal : t.total}</span>
              <span part="total" class="big">${fmt.money(Number(cart.total), currency)}</span></p>`
          : shopify ? nothing : html`<p class="big">${skel(t.newTotal)}</p>`}`
    }
    return html`<section part="card" class="card stack" aria-labelledby="h">
      <h2 part="heading" id="h">${heading}</h2>
      <div class="stack">${body()}</div>
      <div aria-live="assertive">${this.errorText(this.err)}</div>
    </section>`
  }

  static styles = [KapyElement.styles, css`input { width: 8rem; } label { font-size: 0.9em; } form.row { justify-content: flex-start; }`]
}
