import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { approveReviewWorkflow } from "../../../../../workflows/reviews"
import { runForRoute } from "../../../../utils/run-workflow"

/** Approves a review: its writer gets the program's review cones, once per product. 409 if already approved. */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await runForRoute(
    approveReviewWorkflow(req.scope).run({ input: { review_id: req.params.id, actor_id: req.auth_context.actor_id } })
  )
  res.json({ review: result })
}
