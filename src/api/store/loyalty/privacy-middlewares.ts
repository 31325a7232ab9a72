import { MiddlewareRoute, validateAndTransformBody } from "@medusajs/framework/http"
import { StoreRecordLoyaltyConsents } from "./me/consents/validators"

/** Consent, export and leaving; `/store/loyalty/me*` is already customer-authenticated. */
export const storeLoyaltyPrivacyMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/store/loyalty/me/consents",
    middlewares: [validateAndTransformBody(StoreRecordLoyaltyConsents)],
  },
]
