import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadAccountExport } from "../../../../../utils/privacy-views"

/**
 * The member's loyalty data (GDPR access request) as a JSON download, the
 * same export as a customer's, for a member who may have no Medusa customer
 * (`customer_id` null). Reads only.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const data = await loadAccountExport(req.scope, req.params.account_id)
  res.setHeader("Content-Disposition", `attachment; filename="loyalty-data-${data.account!.id}.json"`)
  res.json(data)
}
