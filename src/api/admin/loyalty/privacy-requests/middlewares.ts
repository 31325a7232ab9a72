import { MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework/http"
import { adminPrivacyRequestQueryConfig, adminPrivacyRequestsQueryConfig } from "./query-config"
import { AdminGetPrivacyRequestParams, AdminGetPrivacyRequestsParams } from "./validators"

// Medusa already requires an authenticated admin user on every /admin route.
export const adminPrivacyRequestMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/loyalty/privacy-requests",
    middlewares: [validateAndTransformQuery(AdminGetPrivacyRequestsParams, adminPrivacyRequestsQueryConfig)],
  },
  {
    method: ["GET"],
    matcher: "/admin/loyalty/privacy-requests/:id",
    middlewares: [validateAndTransformQuery(AdminGetPrivacyRequestParams, adminPrivacyRequestQueryConfig)],
  },
]
