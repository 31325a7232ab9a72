import { css, type CSSResultGroup, html, LitElement, nothing, type TemplateResult } from "lit"
import type { Tier } from "./client"
import { Fmt, type Lang, pickLang } from "./i18n"
import { KapyStore } from "./store"

/** The page's one store, shared by every widget. */
export const store = new KapyStore()

const live = new Set<KapyElement>()
let observer: MutationObserver | null = null

/** Re-renders every widget when a `lang` attribute changes anywhere in the document. */
function watchLang() {
  if (observer || typeof MutationObserver === "undefined") return
  observer = new MutationObserver(() => live.forEach((el) => el.requestUpdate()))
  observer.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["lang"] })
}

/** The language of an element: its own `lang`, its ancestors' (through shadow roots), the document's. */
export function langOf(el: Element): Lang {
  let node: any = el
  while (node) {
    if (node.lang) return pickLang(node.lang)
    node = node.parentElement ?? (node.getRootNode?.() as ShadowRoot | undefined)?.host ?? null
  }
  return pickLang(document.documentElement.lang || navigator.language)
}

/**
 * Theming: every widget reads these custom properties (with defaults) and
 * names its pieces with `part`.
 */
export const baseStyles = css`
  :host {
    display: block;
    font-family: var(--kapy-font, system-ui, sans-serif);
    font-size: var(--kapy-font-size, 1rem);
    line-height: 1.45;
    color: var(--kapy-color, #1d232b);
  }
  :host([hidden]) { display: none; }
  .card {
    background: var(--kapy-surface, #fff);
    border: 1px solid var(--kapy-border, #d5dbe1);
    border-radius: var(--kapy-radius, 12px);
    padding: var(--kapy-padding, 1rem);
  }
  p, ul, ol, dl, dd, h2 { margin: 0; }
  h2, .label { font-size: 0.85em; font-weight: 600; color: var(--kapy-muted, #515b66); text-transform: uppercase; letter-spacing: 0.04em; }
  .big { font-size: 1.6em; font-weight: 700; }
  .muted { color: var(--kapy-muted, #515b66); font-size: 0.9em; }
  .row { display: flex; gap: 0.5rem; align-items: center; flex-wrap: wrap; justify-content: space-between; }
  .stack > * + * { margin-top: 0.5rem; }
  button, .btn {
    font: inherit; font-size: 0.9em; cursor: pointer; text-decoration: none; display: inline-block;
    min-height: 2.25rem; padding: 0.4rem 0.9rem; border-radius: var(--kapy-button-radius, 8px);
    border: 1px solid var(--kapy-accent, #1f6b45);
    background: var(--kapy-accent, #1f6b45); color: var(--kapy-accent-text, #fff);
  }
  button.secondary, .btn.secondary { background: transparent; color: var(--kapy-accent, #1f6b45); }
  button:disabled { opacity: 0.6; cursor: default; }
  :focus-visible { outline: 3px solid var(--kapy-focus, #2b6cb0); outline-offset: 2px; }
  input {
    font: inherit; padding: 0.4rem 0.5rem; border: 1px solid var(--kapy-border-strong, #7a8590);
    border-radius: 6px; min-height: 2.25rem; box-sizing: border-box; background: #fff; color: inherit;
  }
  .error { color: var(--kapy-error, #b3261e); font-size: 0.9em; }
  .ok { color: var(--kapy-success, #1f6b45); font-size: 0.9em; }
  .sk {
    display: inline-block; border-radius: 6px; user-select: none;
    background: var(--kapy-skeleton, #e7ebef);
    animation: kapy-pulse 1.2s ease-in-out infinite;
  }
  .sk > span { visibility: hidden; }
  @keyframes kapy-pulse { 50% { opacity: 0.55; } }
  @media (prefers-reduced-motion: reduce) { .sk { animation: none; } }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`

/**
 * A skeleton of a text while it loads: its size, none of its words (hidden
 * from screen readers; the container says aria-busy).
 */
export function skel(text: unknown) {
  return html`<span class="sk" aria-hidden="true"><span>${text}</span></span>`
}

/** The text, or its skeleton while loading. */
export function orSkel(loading: boolean, text: unknown) {
  return loading ? skel(text) : text
}

/**
 * A widget: renders what the shared store holds, in the language of the
 * page, and re-renders when either changes.
 */
export class KapyElement extends LitElement {
  static styles: CSSResultGroup = baseStyles
  protected fmt: Fmt = new Fmt("en")
  private onChange = () => this.requestUpdate()

  connectedCallback() {
    super.connectedCallback()
    live.add(this)
    watchLang()
    store.addEventListener("change", this.onChange)
    store.ensure()
  }

  disconnectedCallback() {
    super.disconnectedCallback()
    live.delete(this)
    store.removeEventListener("change", this.onChange)
  }

  protected willUpdate() {
    this.fmt = new Fmt(langOf(this), store.state.program)
  }

  get state() {
    return store.state
  }

  /** Still loading: render the skeleton of the same size. */
  get loading() {
    return store.state.me === undefined || (!store.state.program && !store.state.error)
  }

  tierName(tier: Tier | null | undefined): string {
    return tier ? tier.translations?.[this.fmt.lang]?.name || tier.name : "—"
  }

  /** The join call-to-action: a link to `join-url`, or a button sending `kapy:join` for the page to open its sign-up. */
  joinCta(): TemplateResult {
    const url = this.getAttribute("join-url")
    const label = this.fmt.t.joinCta
    return url
      ? html`<a part="join" class="btn" href=${url}>${label}</a>`
      : html`<button part="join" @click=${() => this.emit("kapy:join", {})}>${label}</button>`
  }

  errorText(error: unknown) {
    return error ? html`<p part="error" class="error" role="alert">${this.fmt.error(error)}</p>` : nothing
  }

  emit(type: string, detail: unknown) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }))
  }

  /** Points a guest gets for joining, from the program. */
  signupPoints(): number {
    return store.state.program?.ways_to_earn.find((w) => w.action === "signup")?.points ?? 0
  }
}
