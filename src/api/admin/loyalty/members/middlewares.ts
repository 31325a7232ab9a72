import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { adminLoyaltyEntriesQueryConfig } from "../query-config"
import {
  AdminCreateLoyaltyAdjustment,
  AdminEraseLoyaltyMember,
  AdminGetLoyaltyMemberEntriesParams,
  AdminSetLoyaltyTierOverride,
} from "./validators"

// Medusa already requires an authenticated admin user on every /admin route.
export const adminLoyaltyMemberMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/loyalty/members/:account_id/entries",
    middlewares: [validateAndTransformQuery(AdminGetLoyaltyMemberEntriesParams, adminLoyaltyEntriesQueryConfig)],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/members/:account_id/adjustments",
    middlewares: [validateAndTransformBody(AdminCreateLoyaltyAdjustment)],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/members/:account_id/tier",
    middlewares: [validateAndTransformBody(AdminSetLoyaltyTierOverride)],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/members/:account_id/erase",
    middlewares: [validateAndTransformBody(AdminEraseLoyaltyMember)],
  },
]
