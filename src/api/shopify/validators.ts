import { z } from "@medusajs/framework/zod"
import { paginationParams } from "../utils/pagination"

/** The parameters Shopify adds to every app proxy request (checked by verifyShopifyProxy). */
const proxyParams = {
  shop: z.string().optional(),
  path_prefix: z.string().optional(),
  timestamp: z.string().optional(),
  signature: z.string().optional(),
  logged_in_customer_id: z.string().optional(),
}

export const ShopifyProxyParams = z.object(proxyParams)

export const ShopifyProxyListParams = z.strictObject({
  ...proxyParams,
  ...paginationParams({ limit: 20, maxLimit: 100 }),
})
export type ShopifyProxyListParamsType = z.infer<typeof ShopifyProxyListParams>

/**
 * `POST /shopify/proxy/redeem`: whole cones, at least 1 (the program's
 * minimum and steps are checked after), and the request's own key: a retry
 * with the same key makes nothing more (also read from the
 * `Idempotency-Key` header).
 */
export const ShopifyRedeem = z.strictObject({
  points: z.number({ error: "points must be a whole number" }).int("points must be a whole number").min(1, "points must be at least 1"),
  idempotency_key: z.string().trim().min(1).max(200).optional(),
})
export type ShopifyRedeemType = z.infer<typeof ShopifyRedeem>

export const ShopifyApplyReferral = z.strictObject({
  code: z.string().trim().min(1).max(40),
})
export type ShopifyApplyReferralType = z.infer<typeof ShopifyApplyReferral>

export const ShopifyAuthParams = z.object({ shop: z.string().min(1) }).passthrough()
