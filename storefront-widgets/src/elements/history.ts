import { css, html, nothing } from "lit"
import type { Entry, Page } from "../client"
import { KapyElement, skel, store } from "../base"
import { HISTORY_SIZE } from "../store"

/**
 * `<kapy-history page-size="10">`: the member's entries, newest first,
 * with their reasons in words, page by page. The first page is the one
 * the shared store reads together with the balance (so both agree, and
 * both refresh after an order); further pages are read on demand. Parts:
 * card, heading, list, entry, reason, date, points, nav, prev, next, error.
 */
export class KapyHistory extends KapyElement {
  static properties = { pageSize: { attribute: "page-size", type: Number } }
  declare pageSize: number | null
  /** a page other than the store's first one */
  private own: Page<Entry> | null = null
  private offset = 0
  private err: unknown = null
  private member: unknown = undefined

  private get size() {
    return this.pageSize || 10
  }

  /** The page shown: the store's first page (cut to size), or one read here. */
  private get page(): Page<Entry> | null {
    const first = store.state.history
    if (this.offset === 0 && this.size <= HISTORY_SIZE) {
      return first ? { ...first, items: first.items.slice(0, this.size), limit: this.size } : null
    }
    return this.own
  }

  protected updated() {
    const me = store.state.me
    // a page of our own follows the account too
    if (me && me !== this.member) {
      this.member = me
      if (this.offset !== 0 || this.size > HISTORY_SIZE) this.fetch(this.offset)
    }
  }

  private async fetch(offset: number) {
    if (offset === 0 && this.size <= HISTORY_SIZE) {
      this.offset = 0
      this.requestUpdate()
      return
    }
    try {
      this.own = await store.client.transactions(this.size, offset)
      this.offset = offset
      this.err = null
    } catch (error) {
      this.err = error
    }
    this.requestUpdate()
  }

  render() {
    const { fmt, state } = this
    const t = fmt.t
    const size = this.size
    const page = this.page
    const rows = page
      ? page.items.map(
          (e) => html`<li part="entry">
            <span><span part="reason">${t.r[e.reason] ?? e.reason}</span><br /><span part="date" class="muted">${fmt.date(e.created_at)}${e.pending_delta > 0 && !e.available_delta ? ` · ${t.pending}` : ""}</span></span>
            <strong part="points" class=${e.points < 0 ? "neg" : ""}>${e.points > 0 ? "+" : "−"}${fmt.pts(Math.abs(e.points))}</strong>
          </li>`
        )
      : state.me === null
        ? []
        : [1, 2, 3].map(() => html`<li>${skel(html`${t.r.signup}<br />${t.loading}`)}</li>`)
    const pages = page ? Math.max(1, Math.ceil(page.count / size)) : 1
    const n = Math.floor(this.offset / size) + 1
    return html`<section part="card" class="card stack" aria-labelledby="h">
      <h2 part="heading" id="h">${t.history}</h2>
      ${state.me === null ? html`<p class="muted">${t.guest}</p>` : nothing}
      ${page && !page.count ? html`<p class="muted">${t.empty}</p>` : nothing}
      <ol part="list" role="list" aria-busy=${page ? "false" : "true"}>${rows}</ol>
      ${pages > 1
        ? html`<nav part="nav" class="row" aria-label=${t.history}>
            <button part="prev" class="secondary" ?disabled=${n <= 1} @click=${() => this.fetch(this.offset - size)}>${t.prev}</button>
            <span class="muted" aria-live="polite">${fmt.f("pageOf", { n, m: pages })}</span>
            <button part="next" class="secondary" ?disabled=${n >= pages} @click=${() => this.fetch(this.offset + size)}>${t.next}</button>
          </nav>`
        : nothing}
      ${this.errorText(this.err)}
    </section>`
  }

  static styles = [
    KapyElement.styles,
    css`
      ol { list-style: none; padding: 0; }
      li { display: flex; justify-content: space-between; align-items: center; gap: 0.75rem; min-height: 2.9rem;
        padding: 0.3rem 0; border-top: 1px solid var(--kapy-border, #d5dbe1); }
      li:first-child { border-top: 0; }
      strong { color: var(--kapy-accent, #1f6b45); white-space: nowrap; }
      strong.neg { color: var(--kapy-color, #1d232b); }
    `,
  ]
}
