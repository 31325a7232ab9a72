import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { eraseLoyaltyMemberWorkflow } from "../../../../../../workflows/privacy"
import { runForRoute } from "../../../../../utils/run-workflow"

/**
 * Erases the person behind the member on an admin's request (GDPR): every
 * identity of the account (Medusa and Shopify), what else names them, their
 * reviews' names (or the reviews, by setting) and what the Shopify adapter
 * keeps of their Shopify customers. The ledger, reconcile and the reports
 * stay as they were. Idempotent: erasing again changes nothing.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await runForRoute(
    eraseLoyaltyMemberWorkflow(req.scope).run({ input: { account_id: req.params.account_id } })
  )
  res.json({ erasure: result })
}
