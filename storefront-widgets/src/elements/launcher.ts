import { css, html, nothing } from "lit"
import { KapyElement } from "../base"

const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"])'

/** Focusable elements in tree order, through open shadow roots. */
export function focusables(root: Element | ShadowRoot, out: HTMLElement[] = []): HTMLElement[] {
  for (const el of Array.from(root.children) as HTMLElement[]) {
    if (el.matches(FOCUSABLE) && el.getClientRects().length) out.push(el)
    if (el.shadowRoot) focusables(el.shadowRoot, out)
    focusables(el, out)
  }
  return out
}

/** The focused element, inside shadow roots too. */
export function deepActive(): Element | null {
  let el = document.activeElement
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement
  return el
}

/**
 * `<kapy-launcher>`: a floating button that opens a panel with the other
 * widgets: balance, tier progress, paying with cones (with `cart-id`),
 * ways to earn, referral and history; a guest sees the program and the
 * join button. The panel is a modal dialog: focus moves into it, Tab stays
 * inside, Escape closes it and focus returns to the button.
 *
 * It never covers the page: put it last in `<body>`; its own box (the
 * height of the button and its margin, `--kapy-launcher-reserve`) is the
 * space kept free at the page's bottom edge, so the end of the page
 * scrolls above the button; the document gets the same
 * `scroll-padding-bottom` (unless the page set one), and whatever gets
 * focus under the button is scrolled above it. Below 480 px it is compact
 * (the star and the balance).
 *
 * Attributes: `cart-id`, `join-url`, `position` (`right`, default, or
 * `left`: the bottom corner it sits in). Parts: button, panel, close, title.
 */
export class KapyLauncher extends KapyElement {
  static properties = { open: { type: Boolean, reflect: true } }
  declare open: boolean

  constructor() {
    super()
    this.open = false
  }

  private padded = false
  /** Focus landing under the button (Tab, a click, a script) is scrolled above it. */
  private onFocusIn = (event: FocusEvent) => {
    const target = event.composedPath()[0] as Element | undefined
    if (!target?.getBoundingClientRect || this.contains(target) || this.renderRoot.contains(target)) return
    // after the browser's own scrolling into view
    requestAnimationFrame(() => {
      const button = this.renderRoot.querySelector(".launch")?.getBoundingClientRect()
      const box = target.getBoundingClientRect()
      if (!button || !box.height) return
      const covered = box.bottom > button.top && box.top < button.bottom && box.right > button.left && box.left < button.right
      if (covered) window.scrollBy({ top: box.bottom - button.top + 12 })
    })
  }

  connectedCallback() {
    super.connectedCallback()
    document.addEventListener("focusin", this.onFocusIn)
    const root = document.documentElement
    if (!root.style.scrollPaddingBottom && getComputedStyle(root).scrollPaddingBottom === "auto") {
      root.style.scrollPaddingBottom = "var(--kapy-launcher-reserve, 5rem)"
      this.padded = true
    }
  }

  disconnectedCallback() {
    super.disconnectedCallback()
    document.removeEventListener("focusin", this.onFocusIn)
    if (this.padded) document.documentElement.style.scrollPaddingBottom = ""
    this.padded = false
  }

  show() {
    this.open = true
    this.updateComplete.then(() => (this.renderRoot.querySelector(".close") as HTMLElement)?.focus())
  }

  close() {
    this.open = false
    this.updateComplete.then(() => (this.renderRoot.querySelector(".launch") as HTMLElement)?.focus())
  }

  private key(event: KeyboardEvent) {
    if (event.key === "Escape") {
      event.preventDefault()
      this.close()
      return
    }
    if (event.key !== "Tab") return
    const list = focusables(this.renderRoot.querySelector(".panel")!)
    const i = list.indexOf(deepActive() as HTMLElement)
    if (event.shiftKey ? i <= 0 : i === list.length - 1 || i < 0) {
      event.preventDefault()
      list[event.shiftKey ? list.length - 1 : 0]?.focus()
    }
  }

  render() {
    const { fmt, state } = this
    const t = fmt.t
    const member = !!state.me
    const cart = this.getAttribute("cart-id")
    const join = this.getAttribute("join-url")
    const balance = state.me?.account.points_balance
    return html`
      <button part="button" class="launch" aria-haspopup="dialog" aria-expanded=${this.open ? "true" : "false"}
        aria-controls="panel" @click=${() => (this.open ? this.close() : this.show())}>
        <span aria-hidden="true">★</span> <span class="name">${t.open}</span>${balance !== undefined
          ? html`<span class="dot"> · </span><span class="pts">${fmt.pts(balance)}</span>`
          : nothing}
      </button>
      ${this.open
        ? html`<div part="panel" id="panel" class="panel" role="dialog" aria-modal="true" aria-labelledby="title" @keydown=${this.key}>
            <div class="row head">
              <h2 part="title" id="title">${t.panel}</h2>
              <button part="close" class="close secondary" @click=${() => this.close()}>${t.close}</button>
            </div>
            <kapy-balance join-url=${join ?? nothing}></kapy-balance>
            ${member
              ? html`<kapy-tier-progress></kapy-tier-progress>
                  ${cart ? html`<kapy-redeem cart-id=${cart}></kapy-redeem>` : nothing}`
              : nothing}
            <kapy-ways-to-earn join-url=${join ?? nothing}></kapy-ways-to-earn>
            <kapy-referral join-url=${join ?? nothing}></kapy-referral>
            ${member ? html`<kapy-history page-size="5"></kapy-history>` : nothing}
          </div>`
        : nothing}
    `
  }

  static styles = [
    KapyElement.styles,
    css`
      :host { display: block; height: var(--kapy-launcher-reserve, 5rem); }
      .launch, .panel { position: fixed; z-index: var(--kapy-z, 1000); right: 1rem; }
      :host([position="left"]) .launch, :host([position="left"]) .panel { right: auto; left: 1rem; }
      .launch { bottom: 1rem; border-radius: 999px; padding: 0.7rem 1.2rem; box-shadow: 0 4px 16px rgb(0 0 0 / 0.2); }
      .panel {
        bottom: 4.75rem; box-sizing: border-box;
        width: min(24rem, calc(100vw - 2rem)); max-height: min(40rem, calc(100vh - 6rem)); overflow: auto;
        background: var(--kapy-bg, #f6f7f8); border-radius: var(--kapy-radius, 12px); padding: 0.75rem;
        box-shadow: 0 8px 32px rgb(0 0 0 / 0.25); display: grid; gap: 0.75rem;
      }
      @media (max-width: 480px) {
        :host { height: var(--kapy-launcher-reserve, 4.25rem); }
        .launch { bottom: 0.75rem; right: 0.75rem; padding: 0.5rem 0.8rem; min-height: 2.75rem; }
        :host([position="left"]) .launch { left: 0.75rem; }
        .launch .name, .launch .dot { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .panel { bottom: 4rem; right: 0.5rem; width: calc(100vw - 1rem); max-height: calc(100vh - 5rem); }
      }
      .head h2 { font-size: 1.1em; text-transform: none; letter-spacing: 0; color: inherit; }
    `,
  ]
}
