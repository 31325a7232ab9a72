import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { shopifyOf } from "../../../shopify/utils"
import { AdminGetShopifyWebhooksParams } from "./validators"

/**
 * Shopify deliveries the earner could not process: `failed` (tried again
 * with backoff) and `dead` (8 tries failed: only the retry button brings
 * them back), newest first, each with its error (`note`) and tries. No
 * payloads (personal data). Reads only.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const parsed = AdminGetShopifyWebhooksParams.safeParse(req.query ?? {})
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return res.status(400).json({ type: "invalid_data", message: `${issue.path.join(".") || "query"}: ${issue.message}` })
  }
  const shopify = shopifyOf(req)
  if (!shopify.isConfigured()) {
    return res.status(404).json({ type: "not_found", message: "The Shopify adapter is not configured" })
  }
  const { status, limit, offset } = parsed.data
  const { deliveries, count } = await shopify.listFailedDeliveries({ status, limit, offset })
  res.json({ webhooks: deliveries, count, limit, offset })
}
