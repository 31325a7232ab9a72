import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadMemberExport } from "../../../../../utils/privacy-views"

/** A customer's loyalty data (GDPR access request), as the shopper's own export. Reads only. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const data = await loadMemberExport(req.scope, req.params.customer_id)
  res.setHeader("Content-Disposition", `attachment; filename="loyalty-data-${req.params.customer_id}.json"`)
  res.json(data)
}
