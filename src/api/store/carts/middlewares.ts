import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { authenticate, MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { refreshCartLoyaltyPointsWorkflow } from "../../../workflows/redemption"
import { StoreApplyLoyaltyPoints, StoreQuoteLoyaltyPoints } from "./validators"

/**
 * Medusa emits no event when promotions change on a cart, so the points
 * credit line is refitted once the promotions route has answered.
 */
function refreshPointsAfterPromotions(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  res.on("finish", () => {
    if (res.statusCode < 400) {
      refreshCartLoyaltyPointsWorkflow(req.scope)
        .run({ input: { cart_id: req.params.id } })
        .catch((error) => req.scope.resolve("logger").warn(`kapy: refreshing points on cart ${req.params.id}: ${error.message}`))
    }
  })
  next()
}

export const storeCartLoyaltyMiddlewares: MiddlewareRoute[] = [
  {
    method: "ALL",
    matcher: "/store/carts/:id/loyalty-points",
    middlewares: [authenticate("customer", ["session", "bearer"])],
  },
  {
    method: ["GET"],
    matcher: "/store/carts/:id/loyalty-points",
    middlewares: [validateAndTransformQuery(StoreQuoteLoyaltyPoints, {})],
  },
  {
    method: ["POST"],
    matcher: "/store/carts/:id/loyalty-points",
    middlewares: [validateAndTransformBody(StoreApplyLoyaltyPoints)],
  },
  {
    method: ["POST", "DELETE"],
    matcher: "/store/carts/:id/promotions",
    middlewares: [refreshPointsAfterPromotions],
  },
]
