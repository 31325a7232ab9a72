import type { MiddlewareRoute } from "@medusajs/framework/http"
import cors from "cors"
import { verifyShopifySessionToken } from "./session-token"

/**
 * The extension runs in a Web Worker on Shopify's origin, which Shopify
 * may change without notice: any origin may ask (`*`, no cookies), and the
 * session token, not the origin, is what is trusted. The preflight
 * (OPTIONS, for the Authorization header) is answered here, 204.
 */
const customerAccountCors = cors({
  origin: "*",
  methods: ["GET"],
  allowedHeaders: ["Authorization", "Content-Type", "Accept-Language"],
  maxAge: 600,
})

export const shopifyCustomerAccountMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/shopify/customer-account/*",
    middlewares: [customerAccountCors],
  },
  {
    methods: ["GET"],
    matcher: "/shopify/customer-account/me",
    middlewares: [verifyShopifySessionToken()],
  },
]
