import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { shopifyOf } from "../../utils"

/**
 * The OAuth install's callback: `@shopify/shopify-api` checks the query's
 * HMAC and the state cookie and exchanges the code for an **expiring**
 * offline token (an hour) with its refresh token, as Shopify requires of
 * public apps; both are stored encrypted at rest (AES-256-GCM with
 * KAPY_SHOPIFY_TOKEN_KEY), and the module refreshes the token before it
 * expires. Then the shop's admin is shown the app.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const shopify = shopifyOf(req)
  if (!shopify.isConfigured()) {
    return res.status(404).json({ type: "not_found", message: "The Shopify adapter is not configured" })
  }
  let session
  try {
    ;({ session } = await shopify.api().auth.callback({ rawRequest: req, rawResponse: res, expiring: true }))
  } catch (error: any) {
    return res.status(401).json({ type: "unauthorized", message: `The install was refused: ${error?.message ?? error}` })
  }
  if (session.shop !== shopify.requireOptions().shop || !session.accessToken) {
    return res.status(401).json({ type: "unauthorized", message: `The install is for ${session.shop}, not this shop` })
  }
  await shopify.saveOfflineToken({
    shop_domain: session.shop,
    access_token: session.accessToken,
    scopes: session.scope ?? null,
    expires_at: session.expires ?? null,
    refresh_token: session.refreshToken ?? null,
    refresh_token_expires_at: session.refreshTokenExpires ?? null,
  })
  res.redirect(`https://${session.shop}/admin/apps/${shopify.requireOptions().api_key}`)
}
