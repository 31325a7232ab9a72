import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../modules/loyalty/service"
import type { StoreGetLoyaltyTransactionsParamsType } from "../../validators"

/** The logged-in customer's ledger entries, newest first (none before they have an account). */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, StoreGetLoyaltyTransactionsParamsType>,
  res: MedusaResponse
) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = await loyalty.retrieveMember({ customer_id: req.auth_context.actor_id })
  const { take, skip } = req.queryConfig.pagination
  if (!account) {
    return res.json({ transactions: [], count: 0, limit: take, offset: skip })
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "loyalty_entry",
    fields: req.queryConfig.fields,
    // a merged account's history is the member's too; the merge's own pair of entries cancels out
    filters: { account_id: await loyalty.listMemberAccountIds(account.id), reason: { $ne: "merge" } },
    pagination: { ...req.queryConfig.pagination, order: { created_at: "DESC", id: "DESC" } },
  })
  res.json({
    transactions: data,
    count: metadata?.count ?? data.length,
    limit: metadata?.take ?? take,
    offset: metadata?.skip ?? skip,
  })
}
