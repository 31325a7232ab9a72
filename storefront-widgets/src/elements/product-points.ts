import { css, html, nothing } from "lit"
import type { Preview } from "../client"
import { KapyElement, orSkel, store } from "../base"

/**
 * `<kapy-product-points variant-id region-id quantity>`: the cones buying a
 * variant earns this shopper now (their tier's multiplier, running
 * campaigns), from `GET /store/loyalty/preview`. Reserves its line while
 * loading. Parts: points, error.
 */
export class KapyProductPoints extends KapyElement {
  static properties = {
    variantId: { attribute: "variant-id" },
    regionId: { attribute: "region-id" },
    quantity: { type: Number },
  }
  declare variantId: string | null
  declare regionId: string | null
  declare quantity: number | null
  private preview: Preview | null = null
  private err: unknown = null
  private key = ""
  private member: unknown = undefined

  protected updated() {
    const me = store.state.me
    const key = `${this.variantId}|${this.regionId}|${this.quantity ?? 1}`
    // a login changes the multiplier: ask again
    if (me === undefined || store.client.source !== "medusa" || !this.variantId || !this.regionId) return
    if (key === this.key && me === this.member) return
    this.key = key
    this.member = me
    store.client
      .preview({ variant_id: this.variantId, region_id: this.regionId, quantity: this.quantity ?? 1 })
      .then((p) => ((this.preview = p), (this.err = null)))
      .catch((e) => ((this.preview = null), (this.err = e)))
      .then(() => this.requestUpdate())
  }

  render() {
    if (store.client.source !== "medusa") return nothing
    const { fmt } = this
    if (this.err) return this.errorText(this.err)
    const points = this.preview?.points
    return html`<p part="points" aria-live="polite">
      ${orSkel(points === undefined, fmt.f("productPoints", { x: fmt.pts(points ?? 10) }))}
    </p>`
  }

  static styles = [KapyElement.styles, css`:host { display: inline-block; min-height: 1.45em; } p { color: var(--kapy-accent, #1f6b45); font-weight: 600; }`]
}
