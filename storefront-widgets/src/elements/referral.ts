import { css, html, nothing } from "lit"
import { KapyElement, orSkel } from "../base"

/**
 * `<kapy-referral>`: the member's referral link with copy and share, how
 * many friends joined, and what a friend gets. The page's `?ref=CODE` is
 * captured by the script on any page and applied after login; this widget
 * says so. Attributes: `link-base` (the page a friend's link opens, e.g.
 * `/` or `/kapy/demo`; default: the shop's referral link from the API),
 * `join-url`. Parts: card, heading, link, copy, share, stats, offer, notice.
 */
export class KapyReferral extends KapyElement {
  private copied = false

  private async copy(link: string) {
    try {
      await navigator.clipboard.writeText(link)
      this.copied = true
      this.requestUpdate()
    } catch {
      // no clipboard permission: select the text for the shopper to copy
      this.renderRoot.querySelector("input")?.select()
    }
  }

  private notice() {
    const n = this.state.referral
    if (!n) return nothing
    const { fmt } = this
    const text =
      n.status === "applied"
        ? fmt.f("refApplied", { code: n.code })
        : n.status === "not_eligible"
          ? fmt.t.refNotEligible
          : n.status === "saved"
            ? fmt.f("refSaved", { code: n.code })
            : fmt.error(n.error)
    return html`<p part="notice" class=${n.status === "error" ? "error" : "ok"}>${text}</p>`
  }

  render() {
    const { fmt, state } = this
    const t = fmt.t
    const account = state.me?.account
    const program = state.program
    const reward = program?.referral?.friend_reward
    const offer = reward
      ? fmt.f("friendGets", {
          x: reward.type === "points" ? fmt.pts(reward.points) : fmt.money(reward.amount, reward.currency_code),
          y: fmt.pts(program!.referral!.referrer_points),
        })
      : ""
    const base = this.getAttribute("link-base")
    let link = account?.referral_link
    if (base && account?.referral_code) {
      const url = new URL(base, location.href)
      url.searchParams.set(program?.referral?.link_param || "ref", account.referral_code)
      link = url.href
    }
    const stats = state.me?.referrals.as_referrer
    const gift = state.me?.referrals.as_friend?.reward
    const giftText = !gift
      ? ""
      : gift.type === "points"
        ? fmt.f("giftPoints", { x: fmt.pts(gift.points) })
        : fmt.f("gift", {
            x: fmt.money(gift.amount, gift.currency_code),
            min: fmt.money(gift.min_order ?? 0, gift.currency_code),
            code: gift.code,
          })
    return html`<section part="card" class="card stack" aria-labelledby="h">
      <h2 part="heading" id="h">${t.referral}</h2>
      <p part="offer">${orSkel(!offer, offer || t.loading)}</p>
      ${link
        ? html`<label class="muted" for="link">${t.yourLink}</label>
            <div class="row">
              <input part="link" id="link" readonly .value=${link} @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
              <button part="copy" @click=${() => this.copy(link)}>${t.copy}</button>
              ${"share" in navigator
                ? html`<button part="share" class="secondary" @click=${() => navigator.share({ url: link }).catch(() => {})}>${t.share}</button>`
                : nothing}
            </div>
            <p class="ok" role="status">${this.copied ? t.copied : ""}</p>
            ${stats
              ? html`<p part="stats" class="muted">${fmt.f("refStats", { n: fmt.num(stats.count), x: fmt.pts(stats.points_earned) })}</p>`
              : nothing}`
        : !this.loading && !account
          ? html`<div>${this.joinCta()}</div>`
          : nothing}
      <div aria-live="polite">${this.notice()}</div>
      ${giftText ? html`<p part="gift" class="ok">${giftText}</p>` : nothing}
    </section>`
  }

  static styles = [KapyElement.styles, css`input { flex: 1; min-width: 12rem; }`]
}

