import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { syncTierPricingWorkflow } from "../../../../workflows/tiers"
import { adminTierView } from "../tiers/tier-view"

/**
 * Makes every tier's customer group, price list and promotion exist and
 * match the tier now (the hourly tier job does the same), and answers the
 * tiers as `GET /admin/loyalty/tiers` does.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await syncTierPricingWorkflow(req.scope).run({ input: {} })
  res.json({ tiers: result.map((t) => adminTierView(t)), count: result.length })
}
