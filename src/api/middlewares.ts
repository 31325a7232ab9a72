import { defineMiddlewares } from "@medusajs/framework/http"
import { adminLoyaltyMiddlewares } from "./admin/loyalty/middlewares"
import { storeLoyaltyMiddlewares } from "./store/loyalty/middlewares"

export default defineMiddlewares({
  routes: [...storeLoyaltyMiddlewares, ...adminLoyaltyMiddlewares],
})
