import {
  authenticate,
  MiddlewareRoute,
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { storeProductReviewsQueryConfig } from "./query-config"
import { StoreGetProductReviewsParams, StorePostProductReview } from "./validators"

export const storeProductReviewMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/store/products/:id/reviews",
    middlewares: [authenticate("customer", ["session", "bearer"]), validateAndTransformBody(StorePostProductReview)],
  },
  {
    method: ["GET"],
    matcher: "/store/products/:id/reviews",
    middlewares: [validateAndTransformQuery(StoreGetProductReviewsParams, storeProductReviewsQueryConfig)],
  },
]
