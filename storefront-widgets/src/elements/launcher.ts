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
 * Attributes: `cart-id`, `join-url`, `position` (`left` or `right`,
 * default right). Parts: button, panel, close, title.
 */
export class KapyLauncher extends KapyElement {
  static properties = { open: { type: Boolean, reflect: true } }
  declare open: boolean

  constructor() {
    super()
    this.open = false
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
        ★ ${t.open}${balance !== undefined ? html` · ${fmt.pts(balance)}` : nothing}
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
      :host { position: fixed; z-index: var(--kapy-z, 1000); bottom: 1rem; right: 1rem; }
      :host([position="left"]) { right: auto; left: 1rem; }
      .launch { border-radius: 999px; padding: 0.7rem 1.2rem; box-shadow: 0 4px 16px rgb(0 0 0 / 0.2); }
      .panel {
        position: absolute; bottom: calc(100% + 0.75rem); right: 0; box-sizing: border-box;
        width: min(24rem, calc(100vw - 2rem)); max-height: min(40rem, calc(100vh - 6rem)); overflow: auto;
        background: var(--kapy-bg, #f6f7f8); border-radius: var(--kapy-radius, 12px); padding: 0.75rem;
        box-shadow: 0 8px 32px rgb(0 0 0 / 0.25); display: grid; gap: 0.75rem;
      }
      :host([position="left"]) .panel { right: auto; left: 0; }
      .head h2 { font-size: 1.1em; text-transform: none; letter-spacing: 0; color: inherit; }
    `,
  ]
}
