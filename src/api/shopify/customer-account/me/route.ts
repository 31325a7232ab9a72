import type { MedusaResponse } from "@medusajs/framework/http"
import { shopperLanguage } from "../../../utils/loyalty-views"
import type { ShopifyCustomerAccountRequest } from "../session-token"
import { loadCustomerAccountView } from "../views"

/**
 * The customer-account extension's points block: the customer the session
 * token's `sub` names, in the app proxy's `/me` shape plus their newest
 * entries (`member: false` and `join` for a customer Kapy has not met yet).
 */
export const GET = async (req: ShopifyCustomerAccountRequest, res: MedusaResponse) => {
  res.json(await loadCustomerAccountView(req.scope, req.shopify_customer_id, shopperLanguage(req)))
}
