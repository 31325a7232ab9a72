import { defineMiddlewares } from "@medusajs/framework/http"
import { adminLoyaltyMiddlewares } from "./admin/loyalty/middlewares"
import { adminPrivacyRequestMiddlewares } from "./admin/loyalty/privacy-requests/middlewares"
import { adminLoyaltyReportMiddlewares } from "./admin/loyalty/reports/middlewares"
import { adminLoyaltyTierMiddlewares } from "./admin/loyalty/tiers/middlewares"
import { adminReviewMiddlewares } from "./admin/reviews/middlewares"
import { storeCartLoyaltyMiddlewares } from "./store/carts/middlewares"
import { storeLoyaltyMiddlewares } from "./store/loyalty/middlewares"
import { storeLoyaltyPrivacyMiddlewares } from "./store/loyalty/privacy-middlewares"
import { adminStampCardMiddlewares } from "./admin/loyalty/stamp-cards/middlewares"
import { storeProductEarlyAccessMiddlewares } from "./store/products/early-access-middlewares"
import { storeProductReviewMiddlewares } from "./store/products/middlewares"
import { shopifyMiddlewares } from "./shopify/middlewares"

export default defineMiddlewares({
  routes: [
    ...storeLoyaltyMiddlewares,
    ...storeLoyaltyPrivacyMiddlewares,
    ...adminStampCardMiddlewares,
    ...storeCartLoyaltyMiddlewares,
    ...storeProductReviewMiddlewares,
    ...storeProductEarlyAccessMiddlewares,
    ...adminLoyaltyMiddlewares,
    ...adminPrivacyRequestMiddlewares,
    ...adminLoyaltyTierMiddlewares,
    ...adminLoyaltyReportMiddlewares,
    ...adminReviewMiddlewares,
    ...shopifyMiddlewares,
  ],
})
