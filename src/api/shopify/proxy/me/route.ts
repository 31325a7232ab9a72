import type { MedusaResponse } from "@medusajs/framework/http"
import { shopperLanguage } from "../../../utils/loyalty-views"
import type { ShopifyProxyRequest } from "../../utils"
import { loadShopifyMeView } from "../views"

/** The logged-in Shopify customer's balances, tier, progress and referrals: the shape of GET /store/loyalty/me. */
export const GET = async (req: ShopifyProxyRequest, res: MedusaResponse) => {
  res.json(await loadShopifyMeView(req.scope, req.shopify_customer_id, shopperLanguage(req)))
}
