import type { MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import type { ShopifyProxyRequest } from "../../utils"

/** The logged-in Shopify customer's ledger entries, newest first: the shape of GET /store/loyalty/me/transactions. */
export const GET = async (req: ShopifyProxyRequest & { queryConfig: any }, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = await loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: req.shopify_customer_id })
  const { take, skip } = req.queryConfig.pagination
  if (!account) {
    return res.json({ transactions: [], count: 0, limit: take, offset: skip })
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "loyalty_entry",
    fields: req.queryConfig.fields,
    filters: { account_id: await loyalty.listMemberAccountIds(account.id), reason: { $ne: "merge" } },
    pagination: { ...req.queryConfig.pagination, order: { created_at: "DESC", id: "DESC" } },
  })
  res.json({ transactions: data, count: metadata?.count ?? data.length, limit: metadata?.take ?? take, offset: metadata?.skip ?? skip })
}
