import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  applyLoyaltyPointsToCartWorkflow,
  quoteCartRedemptionWorkflow,
  removeLoyaltyPointsFromCartWorkflow,
} from "../../../../../workflows/redemption"
import { runForRoute } from "../../../../utils/run-workflow"
import type { StoreApplyLoyaltyPointsType, StoreQuoteLoyaltyPointsType } from "../../validators"

const CART_FIELDS = [
  "id",
  "currency_code",
  "total",
  "subtotal",
  "item_total",
  "shipping_total",
  "credit_line_total",
  "credit_lines.*",
]

async function cartView(req: AuthenticatedMedusaRequest) {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "cart", fields: CART_FIELDS, filters: { id: req.params.id } })
  return data[0]
}

/**
 * What paying the logged-in customer's cart with `?points=` would do, before
 * they apply them: `{ quote: { value, total_before, total_after, max_points,
 * min_points, step_points, available, applied_points, problem } }`. Without
 * `points`, the limits only. Changes nothing.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, StoreQuoteLoyaltyPointsType>,
  res: MedusaResponse
) => {
  const { result } = await runForRoute(
    quoteCartRedemptionWorkflow(req.scope).run({
      input: {
        cart_id: req.params.id,
        customer_id: req.auth_context.actor_id,
        points: req.validatedQuery.points ?? null,
      },
    })
  )
  res.json({ quote: result })
}

/**
 * Pays part of the logged-in customer's cart with points. Replaces an
 * earlier redemption; the points leave the account when the order is placed.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<StoreApplyLoyaltyPointsType>,
  res: MedusaResponse
) => {
  await runForRoute(
    applyLoyaltyPointsToCartWorkflow(req.scope).run({
      input: { cart_id: req.params.id, customer_id: req.auth_context.actor_id, points: req.validatedBody.points },
    })
  )
  res.json({ cart: await cartView(req) })
}

/** Stops paying the cart with points. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await runForRoute(
    removeLoyaltyPointsFromCartWorkflow(req.scope).run({
      input: { cart_id: req.params.id, customer_id: req.auth_context.actor_id },
    })
  )
  res.json({ cart: await cartView(req) })
}
