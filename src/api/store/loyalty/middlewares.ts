import { authenticate, MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework/http"
import { storeLoyaltyTransactionsQueryConfig } from "./query-config"
import { StoreGetLoyaltyTransactionsParams } from "./validators"

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
]
