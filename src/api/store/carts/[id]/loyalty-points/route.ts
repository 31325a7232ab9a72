import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import {
  applyLoyaltyPointsToCartWorkflow,
  removeLoyaltyPointsFromCartWorkflow,
} from "../../../../../workflows/redemption"
import { runForRoute } from "../../../../utils/run-workflow"
import type { StoreApplyLoyaltyPointsType } from "../../validators"

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
