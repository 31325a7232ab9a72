import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { KAPY_LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../modules/loyalty/service"
import { MEMBER_ENTRY_FILTERS, memberRecordsPage } from "../../../../utils/member-records"
import type { StoreGetLoyaltyTransactionsParamsType } from "../../validators"

/** The logged-in customer's ledger entries, newest first (none before they have an account). */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, StoreGetLoyaltyTransactionsParamsType>,
  res: MedusaResponse
) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = await loyalty.retrieveMember({ customer_id: req.auth_context.actor_id })
  // a merged account's history is the member's too
  const { data, ...page } = await memberRecordsPage(req.scope, account, "loyalty_entry", req.queryConfig, MEMBER_ENTRY_FILTERS)
  res.json({ transactions: data, ...page })
}
