import { css, html, nothing } from "lit"
import type { ClaimInput, WayToEarn } from "../client"
import { KapyElement, skel, store } from "../base"

const PLATFORMS: Record<string, string> = {
  instagram: "Instagram",
  facebook: "Facebook",
  tiktok: "TikTok",
  youtube: "YouTube",
  x: "X",
}

/**
 * `<kapy-ways-to-earn>`: what earns cones in this shop, from the program:
 * purchases, signup, birthday (with a form to set it), referrals, reviews,
 * following the shop (the button opens the shop's profile and posts the
 * claim) and the shop's own actions. A guest sees the list and the join
 * button. Attributes: `currency` (for the purchase rate; default the
 * program's tier currency), `join-url`. Parts: card, heading, list, way,
 * points, button, status, error.
 */
export class KapyWaysToEarn extends KapyElement {
  private busy = ""
  private err: unknown = null

  private async claim(key: string, input: ClaimInput) {
    this.busy = key
    this.err = null
    this.requestUpdate()
    try {
      await store.client.claim(input)
      await store.refreshMe()
    } catch (error) {
      this.err = error
    }
    this.busy = ""
    this.requestUpdate()
  }

  private async birthday(event: SubmitEvent) {
    event.preventDefault()
    const input = (event.target as HTMLFormElement).querySelector("input")!
    if (!input.value) return
    this.busy = "birthday"
    this.err = null
    this.requestUpdate()
    try {
      await store.client.setBirthday(input.value)
      await store.refreshMe()
    } catch (error) {
      this.err = error
    }
    this.busy = ""
    this.requestUpdate()
  }

  private status(type: string, id: string) {
    const claim = this.state.claims.find((c) => c.type === type && (c.platform === id || c.action_id === id))
    if (!claim) return null
    const t = this.fmt.t
    return claim.status === "approved" ? t.claimApproved : claim.status === "rejected" ? t.claimRejected : t.claimPending
  }

  private way(w: WayToEarn) {
    const { fmt } = this
    const t = fmt.t
    const member = !!this.state.me
    const account = this.state.me?.account
    let title = ""
    let action: unknown = nothing
    switch (w.action) {
      case "purchase": {
        const currency = this.getAttribute("currency") ?? this.state.program?.tier_rules.currency_code ?? "eur"
        const rate = w.rates?.[currency]
        if (!rate) return nothing
        title = fmt.f("purchase", { x: fmt.pts(Number(rate)), money: fmt.money(1, currency, true) })
        return html`<li part="way"><span>${title}<br /><span class="muted">${fmt.f("pendingDays", { n: w.pending_days ?? 0 })}</span></span></li>`
      }
      case "signup":
        title = t.signup
        if (!member) action = this.joinCta()
        break
      case "birthday":
        title = t.birthday
        if (account?.birthday) action = html`<span part="status" class="muted">${fmt.date(account.birthday)}</span>`
        else if (member)
          action = html`<form class="row" @submit=${this.birthday}>
            <label class="muted">${t.setBirthday} <input type="date" required /></label>
            <button part="button" ?disabled=${this.busy === "birthday"}>${t.save}</button>
          </form>`
        break
      case "referral":
        title = t.referral
        break
      case "review":
        title = t.review
        break
      case "social_follow": {
        const name = PLATFORMS[w.platform!]
        title = name ? fmt.f("follow", { p: name }) : t.newsletter
        const status = this.status("social_follow", w.platform!)
        if (status) action = html`<span part="status" class="ok">${status}</span>`
        else if (member) {
          const post = () => this.claim(w.platform!, { action: "social_follow", platform: w.platform! })
          const label = name ? fmt.f("followBtn", { p: name }) : t.subscribe
          action = w.profile_url
            ? html`<a part="button" class="btn" href=${w.profile_url} target="_blank" rel="noopener" @click=${post}>${label}</a>`
            : html`<button part="button" ?disabled=${this.busy === w.platform} @click=${post}>${label}</button>`
        }
        break
      }
      case "custom": {
        title = w.name?.[fmt.lang] || w.name?.en || ""
        const status = this.status("custom", w.action_id!)
        if (status) action = html`<span part="status" class="ok">${status}</span>`
        else if (member)
          action = html`<button part="button" ?disabled=${this.busy === w.action_id}
            @click=${() => this.claim(w.action_id!, { action: "custom", action_id: w.action_id! })}>${t.claim}</button>`
        break
      }
    }
    return html`<li part="way">
      <span>${title} <strong part="points">+${fmt.pts(w.points ?? 0)}</strong></span>${action}
    </li>`
  }

  render() {
    const { fmt, state } = this
    const ways = state.program?.ways_to_earn
    return html`<section part="card" class="card stack" aria-labelledby="h" aria-busy=${ways ? "false" : "true"}>
      <h2 part="heading" id="h">${fmt.t.earn}</h2>
      <ul part="list" role="list">
        ${ways
          ? ways.map((w) => this.way(w))
          : [1, 2, 3, 4, 5].map(() => html`<li>${skel(fmt.t.signup)}</li>`)}
      </ul>
      <div aria-live="polite">${this.errorText(this.err ?? (ways ? null : state.error))}</div>
    </section>`
  }

  static styles = [
    KapyElement.styles,
    css`
      ul { list-style: none; padding: 0; }
      li { display: flex; justify-content: space-between; align-items: center; gap: 0.75rem; flex-wrap: wrap;
        min-height: 2.5rem; padding: 0.35rem 0; border-top: 1px solid var(--kapy-border, #d5dbe1); }
      li:first-child { border-top: 0; }
      strong { color: var(--kapy-accent, #1f6b45); white-space: nowrap; }
    `,
  ]
}
