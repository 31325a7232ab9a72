import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { loadAccountView } from "../../../utils/account-view"

/** The logged-in customer's balances, tier, progress and referral link. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ account: await loadAccountView(req.scope, req.auth_context.actor_id) })
}
