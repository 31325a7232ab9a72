import { defineMiddlewares } from "@medusajs/framework/http"
import { adminLoyaltyMiddlewares } from "./admin/loyalty/middlewares"
import { adminReviewMiddlewares } from "./admin/reviews/middlewares"
import { storeCartLoyaltyMiddlewares } from "./store/carts/middlewares"
import { storeLoyaltyMiddlewares } from "./store/loyalty/middlewares"
import { storeProductReviewMiddlewares } from "./store/products/middlewares"

export default defineMiddlewares({
  routes: [
    ...storeLoyaltyMiddlewares,
    ...storeCartLoyaltyMiddlewares,
    ...storeProductReviewMiddlewares,
    ...adminLoyaltyMiddlewares,
    ...adminReviewMiddlewares,
  ],
})
