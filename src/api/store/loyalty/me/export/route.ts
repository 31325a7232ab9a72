import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadMemberExport } from "../../../../utils/privacy-views"

/**
 * The shopper's loyalty data (GDPR access) as a JSON download: account,
 * identities, every entry, claims, reviews, referrals, consents. Reads only.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const data = await loadMemberExport(req.scope, req.auth_context.actor_id)
  res.setHeader("Content-Disposition", `attachment; filename="loyalty-data.json"`)
  res.json(data)
}
