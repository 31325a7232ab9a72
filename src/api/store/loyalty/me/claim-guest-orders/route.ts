import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { claimGuestOrderPointsWorkflow } from "../../../../../workflows/earning"
import { loadAccountView } from "../../../../utils/account-view"
import { runForRoute } from "../../../../utils/run-workflow"

/**
 * Claims the points of orders placed as a guest with the member's email in
 * the last 30 days. Safe to call again: each order earns once.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await runForRoute(
    claimGuestOrderPointsWorkflow(req.scope).run({
      input: { customer_id: req.auth_context.actor_id },
    })
  )
  res.json({
    claimed: result
      .filter((r) => !r.replayed)
      .map((r) => ({ order_id: r.entry.source_id, points: r.entry.points })),
    account: await loadAccountView(req.scope, req.auth_context.actor_id),
  })
}
