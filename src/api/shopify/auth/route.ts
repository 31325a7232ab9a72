import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { shopifyOf } from "../utils"

/**
 * Starts a public app's OAuth install: `GET /shopify/auth?shop=<shop>.myshopify.com`
 * redirects to Shopify's consent screen for the app's scopes, with a
 * signed state cookie (`@shopify/shopify-api`'s `auth.begin`, offline
 * access; the callback asks for an expiring token). Only this shop can
 * install; a legacy custom app (an access token in the options) or a Dev
 * Dashboard app on client credentials needs no install: 409.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const shopify = shopifyOf(req)
  if (!shopify.isConfigured()) {
    return res.status(404).json({ type: "not_found", message: "The Shopify adapter is not configured" })
  }
  const options = shopify.requireOptions()
  if (options.access_token) {
    return res.status(409).json({ type: "conflict", message: "This shop uses a custom app's access token (shopify.access_token): there is nothing to install" })
  }
  if (options.auth === "client_credentials") {
    return res.status(409).json({ type: "conflict", message: 'This shop\'s app gets its tokens by the client credentials grant (shopify.auth "client_credentials"): install it from the Dev Dashboard, there is nothing to install here' })
  }
  const shop = shopify.api().utils.sanitizeShop(String(req.query.shop ?? ""))
  if (!shop || shop !== options.shop) {
    return res.status(400).json({ type: "invalid_data", message: `shop: must be ${options.shop}` })
  }
  // auth.begin writes the redirect and the state cookie itself
  await shopify.api().auth.begin({ shop, callbackPath: "/shopify/auth/callback", isOnline: false, rawRequest: req, rawResponse: res })
}
