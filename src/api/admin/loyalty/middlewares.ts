import {
  MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { adminLoyaltyMemberMiddlewares } from "./members/middlewares"
import {
  adminLoyaltyAccountsQueryConfig,
  adminLoyaltyClaimsQueryConfig,
  adminLoyaltyEntriesQueryConfig,
  adminLoyaltyReferralsQueryConfig,
} from "./query-config"
import {
  AdminApproveLoyaltyReferral,
  AdminCreateLoyaltyAction,
  AdminDecideLoyaltyClaims,
  AdminGetLoyaltyClaimsParams,
  AdminRejectLoyaltyClaim,
  AdminUpdateLoyaltyAction,
  AdminCreateLoyaltyAdjustment,
  AdminGetLoyaltyReferralsParams,
  AdminGetLoyaltyReferralStatsParams,
  AdminCreateLoyaltyCampaign,
  AdminUpdateLoyaltyAccount,
  AdminUpdateLoyaltyCampaign,
  AdminGetLoyaltyAccountParams,
  AdminGetLoyaltyAccountsParams,
  AdminReturnOrderPoints,
  AdminUpdateLoyaltyProgram,
} from "./validators"

// Medusa already requires an authenticated admin user on every /admin route.
export const adminLoyaltyMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/admin/loyalty/program",
    middlewares: [validateAndTransformBody(AdminUpdateLoyaltyProgram)],
  },
  {
    method: ["GET"],
    matcher: "/admin/loyalty/accounts",
    middlewares: [
      validateAndTransformQuery(AdminGetLoyaltyAccountsParams, adminLoyaltyAccountsQueryConfig),
    ],
  },
  {
    method: ["GET"],
    matcher: "/admin/loyalty/accounts/:customer_id",
    middlewares: [
      validateAndTransformQuery(AdminGetLoyaltyAccountParams, adminLoyaltyEntriesQueryConfig),
    ],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/accounts/:customer_id/adjustments",
    middlewares: [validateAndTransformBody(AdminCreateLoyaltyAdjustment)],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/accounts/:customer_id",
    middlewares: [validateAndTransformBody(AdminUpdateLoyaltyAccount)],
  },
  ...adminLoyaltyMemberMiddlewares,
  {
    method: ["POST"],
    matcher: "/admin/loyalty/campaigns",
    middlewares: [validateAndTransformBody(AdminCreateLoyaltyCampaign)],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/campaigns/:id",
    middlewares: [validateAndTransformBody(AdminUpdateLoyaltyCampaign)],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/orders/:id/returned-points",
    middlewares: [validateAndTransformBody(AdminReturnOrderPoints)],
  },
  {
    method: ["GET"],
    matcher: "/admin/loyalty/referrals",
    middlewares: [validateAndTransformQuery(AdminGetLoyaltyReferralsParams, adminLoyaltyReferralsQueryConfig)],
  },
  {
    method: ["GET"],
    matcher: "/admin/loyalty/referrals/stats",
    middlewares: [validateAndTransformQuery(AdminGetLoyaltyReferralStatsParams, { defaults: [], isList: false })],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/referrals/:id/approve",
    middlewares: [validateAndTransformBody(AdminApproveLoyaltyReferral)],
  },
  {
    method: ["GET"],
    matcher: "/admin/loyalty/claims",
    middlewares: [validateAndTransformQuery(AdminGetLoyaltyClaimsParams, adminLoyaltyClaimsQueryConfig)],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/claims/bulk",
    middlewares: [validateAndTransformBody(AdminDecideLoyaltyClaims)],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/claims/:id/reject",
    middlewares: [validateAndTransformBody(AdminRejectLoyaltyClaim)],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/actions",
    middlewares: [validateAndTransformBody(AdminCreateLoyaltyAction)],
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/actions/:id",
    middlewares: [validateAndTransformBody(AdminUpdateLoyaltyAction)],
  },
  {
    // the CSV is streamed into the parser: no body parsing (up to the parser's own limits)
    method: ["POST"],
    matcher: "/admin/loyalty/imports/awards",
    bodyParser: false,
  },
  {
    method: ["POST"],
    matcher: "/admin/loyalty/imports/members",
    bodyParser: false,
  },
]
