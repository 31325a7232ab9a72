import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { generateEntityId } from "@medusajs/framework/utils"
import { returnOrderPointsWorkflow } from "../../../../../../workflows/redemption"
import { runForRoute } from "../../../../../utils/run-workflow"
import type { AdminReturnOrderPointsType } from "../../../validators"

/**
 * Gives back `points` of those the order was paid with, attributed to the
 * admin; never more than were spent. Send an idempotency key (body or
 * `Idempotency-Key` header) to make retries safe.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminReturnOrderPointsType>,
  res: MedusaResponse
) => {
  const key =
    req.validatedBody.idempotency_key ?? (req.get("idempotency-key") || undefined) ?? generateEntityId(undefined, "ret")
  const { result } = await runForRoute(
    returnOrderPointsWorkflow(req.scope).run({
      input: {
        order_id: req.params.id,
        points: req.validatedBody.points,
        note: req.validatedBody.note,
        idempotency_key: `order-points-return:${req.params.id}:${key}`,
        actor_type: "user",
        actor_id: req.auth_context.actor_id,
      },
    })
  )
  res.status(result.replayed ? 200 : 201).json({ entry: result.entry })
}
