import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { adminReviewsQueryConfig } from "./query-config"
import { AdminGetReviewsParams, AdminRejectReview } from "./validators"

// Medusa already requires an authenticated admin user on every /admin route.
export const adminReviewMiddlewares: MiddlewareRoute[] = [
  {
    method: ["GET"],
    matcher: "/admin/reviews",
    middlewares: [validateAndTransformQuery(AdminGetReviewsParams, adminReviewsQueryConfig)],
  },
  {
    method: ["POST"],
    matcher: "/admin/reviews/:id/reject",
    middlewares: [validateAndTransformBody(AdminRejectReview)],
  },
]
