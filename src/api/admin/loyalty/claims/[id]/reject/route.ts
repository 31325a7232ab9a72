import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { rejectLoyaltyClaimWorkflow } from "../../../../../../workflows/claims"
import { runForRoute } from "../../../../../utils/run-workflow"
import type { AdminRejectLoyaltyClaimType } from "../../../validators"

/** Rejects a pending claim with a reason; 409 when it is decided already. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminRejectLoyaltyClaimType>, res: MedusaResponse) => {
  const { result } = await runForRoute(
    rejectLoyaltyClaimWorkflow(req.scope).run({
      input: { claim_id: req.params.id, reason: req.validatedBody.reason, actor_id: req.auth_context.actor_id },
    })
  )
  res.json({ claim: result })
}
