import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { generateEntityId } from "@medusajs/framework/utils"
import { adjustLoyaltyPointsWorkflow } from "../../../../../../workflows/loyalty"
import { loadAccountView } from "../../../../../utils/account-view"
import { runForRoute } from "../../../../../utils/run-workflow"
import type { AdminCreateLoyaltyAdjustmentType } from "../../../validators"

/**
 * Adds (positive) or removes (negative) points with a reason, attributed to
 * the admin. Send an idempotency key (body or `Idempotency-Key` header) to
 * make retries safe; a replay answers 200 with the original entry.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminCreateLoyaltyAdjustmentType>,
  res: MedusaResponse
) => {
  const customerId = req.params.customer_id
  const { points, reason } = req.validatedBody
  const key =
    req.validatedBody.idempotency_key ??
    (req.get("idempotency-key") || undefined) ??
    generateEntityId(undefined, "adj")

  const { result } = await runForRoute(
    adjustLoyaltyPointsWorkflow(req.scope).run({
      input: {
        customer_id: customerId,
        points,
        note: reason,
        idempotency_key: `adjustment:${key}`,
        actor_type: "user",
        actor_id: req.auth_context.actor_id,
      },
    })
  )
  res.status(result.replayed ? 200 : 201).json({
    entry: result.entry,
    account: await loadAccountView(req.scope, customerId),
  })
}
