import type { MedusaResponse } from "@medusajs/framework/http"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import { MEMBER_ENTRY_FILTERS, memberRecordsPage } from "../../../utils/member-records"
import type { ShopifyProxyRequest } from "../../utils"

/** The logged-in Shopify customer's ledger entries, newest first: the shape of GET /store/loyalty/me/transactions. */
export const GET = async (req: ShopifyProxyRequest & { queryConfig: any }, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const member = await loyalty.retrieveMemberContext({ provider: "shopify", external_id: req.shopify_customer_id })
  const { data, ...page } = await memberRecordsPage(req.scope, member, "loyalty_entry", req.queryConfig, MEMBER_ENTRY_FILTERS)
  res.json({ transactions: data, ...page })
}
