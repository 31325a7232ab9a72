import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withdrawReviewWorkflow } from "../../../../../workflows/reviews"
import { runForRoute } from "../../../../utils/run-workflow"
import type { AdminRejectReviewType } from "../../validators"

/** Rejects a review with a reason; an approved one's cones are reversed. 409 if already rejected. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminRejectReviewType>, res: MedusaResponse) => {
  const { result } = await runForRoute(
    withdrawReviewWorkflow(req.scope).run({
      input: { review_id: req.params.id, decision: "reject", reason: req.validatedBody.reason, actor_id: req.auth_context.actor_id },
    })
  )
  res.json(result)
}
