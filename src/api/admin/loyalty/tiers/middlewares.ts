import { MiddlewareRoute, validateAndTransformBody } from "@medusajs/framework/http"
import {
  AdminCreateLoyaltyTier,
  AdminSetEarlyAccess,
  AdminSetLoyaltyTierOverride,
  AdminUpdateLoyaltyTier,
} from "./validators"

// Medusa already requires an authenticated admin user on every /admin route.
export const adminLoyaltyTierMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/admin/loyalty/tiers",
    middlewares: [validateAndTransformBody(AdminCreateLoyaltyTier)],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/tiers/:id",
    middlewares: [validateAndTransformBody(AdminUpdateLoyaltyTier)],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/accounts/:customer_id/tier",
    middlewares: [validateAndTransformBody(AdminSetLoyaltyTierOverride)],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/early-access",
    middlewares: [validateAndTransformBody(AdminSetEarlyAccess)],
  },
]
