import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { withdrawReviewWorkflow } from "../../../../workflows/reviews"
import { runForRoute } from "../../../utils/run-workflow"

/** Deletes a review; the cones of an approved one are reversed through the ledger. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await runForRoute(
    withdrawReviewWorkflow(req.scope).run({
      input: { review_id: req.params.id, decision: "delete", actor_id: req.auth_context.actor_id },
    })
  )
  res.json({ id: req.params.id, object: "review", deleted: true, reversed_points: result.reversed_points })
}
