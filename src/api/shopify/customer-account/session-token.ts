import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { shopifyOf } from "../utils"

/** A request from Kapy's customer-account extension, its session token checked: the customer it names. */
export type ShopifyCustomerAccountRequest<Body = unknown, Query = unknown> = MedusaRequest<Body, Query> & {
  /** The numeric Shopify customer id of the token's `sub` (gid://shopify/Customer/<id>). */
  shopify_customer_id: string
}

const CUSTOMER_GID = /^gid:\/\/shopify\/Customer\/(\d+)$/

/** Why the library refused a token, in words that never repeat the token itself. */
function refusal(error: unknown): string {
  const message = String((error as Error)?.message ?? "")
  if (/invalid API key/i.test(message)) return "aud is not this app's client id"
  if (/"exp"/.test(message)) return "the token has expired"
  if (/"nbf"/.test(message)) return "the token is not valid yet"
  if (/signature/i.test(message)) return "signature does not match"
  return "the token is malformed"
}

/**
 * Customer-account extension requests carry Shopify's session token,
 * `Authorization: Bearer <JWT>`. The adapter must be configured (404).
 * `@shopify/shopify-api`'s `session.decodeSessionToken` checks the HS256
 * signature with the app's API secret, `exp` and `nbf` (with the library's
 * 10 s of clock tolerance) and that `aud` is the app's API key; this
 * middleware also requires `exp` (the library checks it only when present),
 * that `dest` is this shop (`https://<shop>.myshopify.com`) and that `sub`
 * names a customer. Anything else is a 401 `{ type, message }`.
 */
export function verifyShopifySessionToken() {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const shopify = shopifyOf(req)
    if (!shopify.isConfigured()) {
      return res.status(404).json({ type: "not_found", message: "The Shopify adapter is not configured" })
    }
    const unauthorized = (reason: string) => res.status(401).json({ type: "unauthorized", message: `Session token refused: ${reason}` })
    const [scheme, token, ...rest] = (req.get("authorization") ?? "").trim().split(/\s+/)
    if (!/^bearer$/i.test(scheme ?? "") || !token || rest.length) {
      return unauthorized("send the extension's session token as Authorization: Bearer <token>")
    }
    let payload: Awaited<ReturnType<ReturnType<typeof shopify.api>["session"]["decodeSessionToken"]>>
    try {
      payload = await shopify.api().session.decodeSessionToken(token)
    } catch (error) {
      return unauthorized(refusal(error))
    }
    if (typeof payload.exp !== "number") {
      return unauthorized("the token has no exp")
    }
    if (payload.dest !== `https://${shopify.requireOptions().shop}`) {
      return unauthorized("dest is not this shop")
    }
    const customer = typeof payload.sub === "string" ? CUSTOMER_GID.exec(payload.sub) : null
    if (!customer) {
      // no sub: the app lacks protected customer data access, or nobody is logged in
      return unauthorized("sub does not name a logged-in customer")
    }
    ;(req as ShopifyCustomerAccountRequest).shopify_customer_id = customer[1]
    next()
  }
}
