import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { previewPurchasePoints } from "../../../../workflows/earning"
import type { StoreGetLoyaltyPreviewParamsType } from "../validators"

/** The points buying a variant would earn now: for the logged-in member, or at the base rate. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, StoreGetLoyaltyPreviewParamsType>,
  res: MedusaResponse
) => {
  const { variant_id, quantity, region_id } = req.validatedQuery
  res.json({
    preview: await previewPurchasePoints(req.scope, {
      variant_id,
      quantity,
      region_id,
      customer_id: req.auth_context?.actor_id || null,
    }),
  })
}
