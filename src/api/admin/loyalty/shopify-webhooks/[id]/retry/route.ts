import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { shopifyOf } from "../../../../../shopify/utils"

/**
 * The admin's retry of a failed or dead Shopify delivery: back in the
 * inbox, due now, its tries counted afresh (the earner takes it on its
 * next tick). 404 for a delivery that is not failed or dead.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const shopify = shopifyOf(req)
  if (!shopify.isConfigured()) {
    return res.status(404).json({ type: "not_found", message: "The Shopify adapter is not configured" })
  }
  const retried = await shopify.retryDelivery(req.params.id)
  if (!retried) {
    return res.status(404).json({ type: "not_found", message: `No failed or dead Shopify delivery ${req.params.id}` })
  }
  res.json({ webhook: retried })
}
