import { MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminGetLoyaltyOverviewParams, AdminGetLoyaltySummaryParams } from "./validators"

const REPORT_QUERY_CONFIG = { defaults: [], isList: false }

// Medusa already requires an authenticated admin user on every /admin route.
export const adminLoyaltyReportMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/loyalty/reports/overview",
    middlewares: [validateAndTransformQuery(AdminGetLoyaltyOverviewParams, REPORT_QUERY_CONFIG)],
  },
  {
    method: ["GET"],
    matcher: "/admin/loyalty/reports/summary",
    middlewares: [validateAndTransformQuery(AdminGetLoyaltySummaryParams, REPORT_QUERY_CONFIG)],
  },
]
