import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { decideLoyaltyClaimsWorkflow } from "../../../../../workflows/claims"
import { runForRoute } from "../../../../utils/run-workflow"
import type { AdminDecideLoyaltyClaimsType } from "../../validators"

/**
 * Approves or rejects many claims: `{ action, ids, reason? }`. Answers one
 * result per id (`ok`, or the error's `type` and `message`, e.g. a claim
 * another admin decided meanwhile).
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminDecideLoyaltyClaimsType>, res: MedusaResponse) => {
  const { action, ids, reason } = req.validatedBody
  const { result } = await runForRoute(
    decideLoyaltyClaimsWorkflow(req.scope).run({
      input: { claim_ids: ids, decision: action, reason: reason ?? null, actor_id: req.auth_context.actor_id },
    })
  )
  res.json({
    results: result.map((r) => (r.ok ? { id: r.id, ok: true, status: r.claim.status, points: r.claim.points } : r)),
  })
}
