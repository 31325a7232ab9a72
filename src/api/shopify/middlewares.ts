import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { storeLoyaltyClaimsQueryConfig, storeLoyaltyTransactionsQueryConfig } from "../store/loyalty/query-config"
import { StoreCreateLoyaltyClaim } from "../store/loyalty/validators"
import { shopifyCustomerAccountMiddlewares } from "./customer-account/middlewares"
import { rawBody, verifyShopifyProxy } from "./utils"
import { ShopifyApplyReferral, ShopifyProxyListParams, ShopifyRedeem } from "./validators"

export const shopifyMiddlewares: MiddlewareRoute[] = [
  {
    // No body parser: the HMAC is checked over the raw bytes before anything is parsed.
    method: ["POST"],
    matcher: "/shopify/webhooks",
    bodyParser: false,
    middlewares: [rawBody()],
  },
  {
    method: ["GET"],
    matcher: "/shopify/proxy/program",
    middlewares: [verifyShopifyProxy({ optional: true })],
  },
  {
    method: ["GET"],
    matcher: "/shopify/proxy/me",
    middlewares: [verifyShopifyProxy()],
  },
  {
    method: ["GET"],
    matcher: "/shopify/proxy/transactions",
    middlewares: [verifyShopifyProxy(), validateAndTransformQuery(ShopifyProxyListParams, storeLoyaltyTransactionsQueryConfig)],
  },
  {
    method: ["GET"],
    matcher: "/shopify/proxy/claims",
    middlewares: [verifyShopifyProxy(), validateAndTransformQuery(ShopifyProxyListParams, storeLoyaltyClaimsQueryConfig)],
  },
  {
    method: ["POST"],
    matcher: "/shopify/proxy/claims",
    middlewares: [verifyShopifyProxy(), validateAndTransformBody(StoreCreateLoyaltyClaim)],
  },
  {
    method: ["POST"],
    matcher: "/shopify/proxy/redeem",
    middlewares: [verifyShopifyProxy(), validateAndTransformBody(ShopifyRedeem)],
  },
  {
    method: ["POST"],
    matcher: "/shopify/proxy/referrals/apply",
    middlewares: [verifyShopifyProxy(), validateAndTransformBody(ShopifyApplyReferral)],
  },
  ...shopifyCustomerAccountMiddlewares,
]
