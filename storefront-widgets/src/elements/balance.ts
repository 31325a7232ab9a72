import { html } from "lit"
import { KapyElement, orSkel } from "../base"

/**
 * `<kapy-balance>`: the shopper's available cones, pending cones and tier,
 * announced politely when they change. A guest sees the join offer.
 *
 * Attributes: `join-url` (where the join button goes; without it the
 * button sends `kapy:join`). Parts: card, label, balance, details, pending,
 * tier, join, error.
 */
export class KapyBalance extends KapyElement {
  render() {
    const { fmt, state } = this
    const t = fmt.t
    const account = state.me?.account
    if (!this.loading && !account) {
      return html`<div part="card" class="card stack">
        <p part="label" class="label">${t.balance}</p>
        <p part="balance" class="muted">${t.guest}</p>
        <div class="row"><span>${t.join} ${fmt.pts(this.signupPoints())}</span>${this.joinCta()}</div>
        ${this.errorText(state.error)}
      </div>`
    }
    const l = this.loading
    return html`<div part="card" class="card stack" aria-busy=${this.loading ? "true" : "false"}>
      <p part="label" class="label">${t.balance}</p>
      <p part="balance" class="big" role="status" aria-live="polite" aria-atomic="true">
        ${orSkel(l, account ? fmt.pts(account.points_balance) : "0000 cones")}
      </p>
      <p part="details" class="muted">
        <span part="pending">${orSkel(l, account ? `${fmt.pts(account.points_pending)} ${t.pending}` : "00 cones pending")}</span>
        ·
        <span part="tier">${orSkel(l, `${t.tier}: ${this.tierName(account?.tier)}`)}</span>
      </p>
    </div>`
  }
}
