import { store } from "./base"
import { KapyBalance } from "./elements/balance"
import { KapyHistory } from "./elements/history"
import { KapyLauncher } from "./elements/launcher"
import { KapyProductPoints } from "./elements/product-points"
import { KapyRedeem } from "./elements/redeem"
import { KapyReferral } from "./elements/referral"
import { KapyTierProgress } from "./elements/tier-progress"
import { KapyWaysToEarn } from "./elements/ways-to-earn"
import type { KapyConfig } from "./store"

/**
 * Kapy's storefront widgets: one script defines the elements; the page
 * configures the data client once (or through `data-*` attributes on the
 * script tag, or `window.KapyConfig`).
 */
export { KapyClient, KapyError, pointsLine } from "./client"
export type * from "./client"
export { captureReferral, forgetReferral, storedReferral, REFERRAL_KEY } from "./referral"
export type { KapyConfig, State } from "./store"
export { KapyStore } from "./store"
export { KapyBalance, KapyHistory, KapyLauncher, KapyProductPoints, KapyRedeem, KapyReferral, KapyTierProgress, KapyWaysToEarn, store }

/** Sets the data source and the shopper's auth, and loads again (call it after a login or logout). */
export function configure(config: KapyConfig): Promise<void> {
  return store.configure(config)
}

/** Loads the program and the account again (after the page changed something). */
export function reload(): Promise<void> {
  return store.reload()
}

/**
 * Tells the widgets an order was placed: the account and history are read
 * now and a few times more while the shop credits the order (the same as
 * sending `kapy:order-placed` on `document`).
 */
export function orderPlaced(): Promise<void> {
  return store.settle()
}

const ELEMENTS: Record<string, CustomElementConstructor> = {
  "kapy-balance": KapyBalance,
  "kapy-tier-progress": KapyTierProgress,
  "kapy-ways-to-earn": KapyWaysToEarn,
  "kapy-referral": KapyReferral,
  "kapy-redeem": KapyRedeem,
  "kapy-product-points": KapyProductPoints,
  "kapy-history": KapyHistory,
  "kapy-launcher": KapyLauncher,
}

declare global {
  interface Window {
    KapyConfig?: KapyConfig
  }
  interface HTMLElementTagNameMap {
    "kapy-balance": KapyBalance
    "kapy-tier-progress": KapyTierProgress
    "kapy-ways-to-earn": KapyWaysToEarn
    "kapy-referral": KapyReferral
    "kapy-redeem": KapyRedeem
    "kapy-product-points": KapyProductPoints
    "kapy-history": KapyHistory
    "kapy-launcher": KapyLauncher
  }
}

if (typeof window !== "undefined" && typeof customElements !== "undefined") {
  // <script src="…" data-base-url="…" data-publishable-key="…" data-source="medusa">
  const data = (document.currentScript as HTMLScriptElement | null)?.dataset ?? {}
  const initial: KapyConfig = {
    ...(data.source ? { source: data.source as KapyConfig["source"] } : {}),
    ...(data.baseUrl ? { baseUrl: data.baseUrl } : {}),
    ...(data.publishableKey ? { publishableKey: data.publishableKey } : {}),
    ...(data.auth ? { auth: data.auth as KapyConfig["auth"] } : {}),
    ...(data.cartId ? { cartId: data.cartId } : {}),
    ...window.KapyConfig,
  }
  store.init(initial)
  store.listen(document, window)
  store.capture(location.href)
  for (const [name, element] of Object.entries(ELEMENTS)) {
    if (!customElements.get(name)) customElements.define(name, element)
  }
}
