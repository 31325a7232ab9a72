import {
  authenticate,
  MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { storeLoyaltyClaimsQueryConfig, storeLoyaltyTransactionsQueryConfig } from "./query-config"
import {
  StoreApplyReferral,
  StoreCreateLoyaltyClaim,
  StoreGetLoyaltyClaimsParams,
  StoreGetLoyaltyPreviewParams,
  StoreGetLoyaltyTransactionsParams,
  StoreUpdateLoyaltyAccount,
} from "./validators"

export const storeLoyaltyMiddlewares: MiddlewareRoute[] = [
  {
    method: "ALL",
    matcher: "/store/loyalty/me*",
    middlewares: [authenticate("customer", ["session", "bearer"])],
  },
  {
    method: ["GET"],
    matcher: "/store/loyalty/me/transactions",
    middlewares: [
      validateAndTransformQuery(
        StoreGetLoyaltyTransactionsParams,
        storeLoyaltyTransactionsQueryConfig
      ),
    ],
  },
  {
    method: ["GET"],
    matcher: "/store/loyalty/me/claims",
    middlewares: [validateAndTransformQuery(StoreGetLoyaltyClaimsParams, storeLoyaltyClaimsQueryConfig)],
  },
  {
    method: ["POST"],
    matcher: "/store/loyalty/claims",
    middlewares: [authenticate("customer", ["session", "bearer"]), validateAndTransformBody(StoreCreateLoyaltyClaim)],
  },
  {
    method: ["POST"],
    matcher: "/store/loyalty/me",
    middlewares: [validateAndTransformBody(StoreUpdateLoyaltyAccount)],
  },
  {
    method: ["POST"],
    matcher: "/store/loyalty/referrals/apply",
    middlewares: [authenticate("customer", ["session", "bearer"]), validateAndTransformBody(StoreApplyReferral)],
  },
  {
    method: ["GET"],
    matcher: "/store/loyalty/preview",
    middlewares: [
      // a logged-in member sees their tier's multiplier; anyone else the base rate
      authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true }),
      validateAndTransformQuery(StoreGetLoyaltyPreviewParams, { defaults: [], isList: false }),
    ],
  },
]
