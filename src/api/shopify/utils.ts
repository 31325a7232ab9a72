import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { KAPY_SHOPIFY_MODULE } from "../../modules/shopify"
import type ShopifyModuleService from "../../modules/shopify/service"

/** A request through the app proxy, its signature checked: `shopify_customer_id` is `logged_in_customer_id`. */
export type ShopifyProxyRequest<Body = unknown, Query = unknown> = MedusaRequest<Body, Query> & {
  shopify_customer_id: string
}

export function shopifyOf(req: MedusaRequest) {
  return req.scope.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
}

function unauthorized(res: MedusaResponse, message: string) {
  res.status(401).json({ type: "unauthorized", message })
}

/**
 * Reads the request body as bytes, nothing parsed: the webhook's HMAC is
 * checked over exactly these bytes before anything reads them. Refuses
 * bodies over `limit` (413) without buffering them.
 */
export function rawBody(limit = 5 * 1024 * 1024) {
  return (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const chunks: Buffer[] = []
    let size = 0
    let refused = false
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > limit && !refused) {
        refused = true
        res.status(413).json({ type: "invalid_data", message: `The body is larger than ${limit} bytes` })
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => {
      if (!refused) {
        ;(req as any).rawBody = Buffer.concat(chunks)
        next()
      }
    })
    req.on("error", (error) => !refused && next(error))
  }
}

/**
 * App proxy requests: the adapter must be configured (404), the query's
 * `signature` must match and its timestamp be fresh (401), and a shopper
 * must be logged in to the shop (`logged_in_customer_id`, 401) unless the
 * route is public (`optional`).
 */
export function verifyShopifyProxy({ optional = false }: { optional?: boolean } = {}) {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const shopify = shopifyOf(req)
    if (!shopify.isConfigured()) {
      return res.status(404).json({ type: "not_found", message: "The Shopify adapter is not configured" })
    }
    const check = await shopify.verifyProxyQuery(req.query as Record<string, unknown>)
    if (!check.valid) {
      return unauthorized(res, `App proxy request refused: ${check.reason}`)
    }
    if (!check.customer_id && !optional) {
      return unauthorized(res, "logged_in_customer_id: log in to your account in the shop first")
    }
    ;(req as ShopifyProxyRequest).shopify_customer_id = check.customer_id ?? ""
    next()
  }
}
