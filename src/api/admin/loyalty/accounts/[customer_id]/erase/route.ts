import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { eraseLoyaltyMemberWorkflow } from "../../../../../../workflows/privacy"
import { runForRoute } from "../../../../../utils/run-workflow"

/**
 * Erases the person behind a customer from Kapy on an admin's request
 * (GDPR): every identity of their account, what else names them, their
 * reviews' names (or the reviews, by setting). The ledger, reconcile and
 * the reports stay as they were. Idempotent.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await runForRoute(
    eraseLoyaltyMemberWorkflow(req.scope).run({ input: { customer_id: req.params.customer_id, whole_member: true } })
  )
  res.json({ erasure: result })
}
