import { authenticate, MiddlewareRoute, validateAndTransformBody } from "@medusajs/framework/http"
import { StoreApplyLoyaltyPoints } from "./validators"

export const storeCartLoyaltyMiddlewares: MiddlewareRoute[] = [
  {
    method: "ALL",
    matcher: "/store/carts/:id/loyalty-points",
    middlewares: [authenticate("customer", ["session", "bearer"])],
  },
  {
    method: ["POST"],
    matcher: "/store/carts/:id/loyalty-points",
    middlewares: [validateAndTransformBody(StoreApplyLoyaltyPoints)],
  },
]
