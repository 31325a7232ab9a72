import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { approveLoyaltyClaimWorkflow } from "../../../../../../workflows/claims"
import { runForRoute } from "../../../../../utils/run-workflow"

/** Approves a pending claim and credits its cones; 409 when it is decided already. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await runForRoute(
    approveLoyaltyClaimWorkflow(req.scope).run({
      input: { claim_id: req.params.id, actor_type: "user", actor_id: req.auth_context.actor_id },
    })
  )
  res.json({ claim: result })
}
