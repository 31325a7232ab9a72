import { css, html, nothing } from "lit"
import { KapyElement, orSkel } from "../base"

/**
 * `<kapy-tier-progress>`: the current tier and how far the next one is, as
 * the API counts it (spend, cones or orders in the program's window),
 * from the store's one read of the account (fresh after an order). A
 * guest sees an invitation to join instead: the entry tier and the top
 * one. Attributes: `join-url`. Parts: card, label, tier, bar, fill,
 * remaining, perks, join.
 */
export class KapyTierProgress extends KapyElement {
  private amount(n: number): string {
    const { fmt } = this
    const rules = this.state.program?.tier_rules
    if (rules?.metric === "points") return fmt.pts(n)
    if (rules?.metric === "orders") return fmt.f("orders", { n: fmt.num(n) })
    return fmt.money(n, rules?.currency_code ?? "eur")
  }

  render() {
    const { fmt, state } = this
    const t = fmt.t
    const account = state.me?.account
    const l = this.loading
    const tiers = state.program?.tiers ?? []
    if (!l && !account) {
      return html`<div part="card" class="card stack">
        <p part="label" class="label">${t.progress}</p>
        <p part="remaining">${tiers.length > 1
          ? fmt.f("tierGuest", { tier: this.tierName(tiers[0]), top: this.tierName(tiers[tiers.length - 1]) })
          : t.guest}</p>
        <div>${this.joinCta()}</div>
      </div>`
    }
    const tier = account?.tier ?? null
    const next = account?.next_tier ?? null
    const qualifying = account?.tier_progress.qualifying ?? 0
    // a display ratio of the two figures the API gives
    const pct = next ? Math.round((100 * qualifying) / Math.max(1, qualifying + next.remaining)) : 100
    const nextTier = next && tiers.find((x) => x.name === next.name)
    const text = next ? fmt.f("toNext", { x: this.amount(next.remaining), tier: nextTier ? this.tierName(nextTier) : next.name }) : t.top
    const perks = tier ? tier.translations?.[fmt.lang]?.perks || tier.perks : null
    return html`<div part="card" class="card stack">
      <p part="label" class="label" id="l">${t.progress}</p>
      <p part="tier" class="big">${orSkel(l, this.tierName(tier))}</p>
      <div part="bar" class="bar" role="progressbar" aria-labelledby="l" aria-valuemin="0" aria-valuemax="100"
        aria-valuenow=${pct} aria-valuetext=${text}>
        <div part="fill" class="fill" style="width:${l ? 0 : pct}%"></div>
      </div>
      <p part="remaining" class="muted">${orSkel(l, text)}</p>
      ${perks ? html`<p part="perks" class="muted">${perks}</p>` : nothing}
    </div>`
  }

  static styles = [
    KapyElement.styles,
    css`
      .bar { height: 0.6rem; border-radius: 999px; background: var(--kapy-track, #e3e8ec); overflow: hidden; }
      .fill { height: 100%; background: var(--kapy-accent, #1f6b45); border-radius: inherit; transition: width 0.4s; }
    `,
  ]
}
