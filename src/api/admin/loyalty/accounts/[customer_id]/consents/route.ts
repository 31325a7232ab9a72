import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadConsentsView } from "../../../../../utils/privacy-views"

/** A customer's consents (the program, marketing per channel) with when and which text version. Reads only. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ consents: await loadConsentsView(req.scope, req.params.customer_id) })
}
