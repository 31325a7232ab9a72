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
  // one statement: the account and the accounts merged into it (their history is the member's too)
  const member = await loyalty.retrieveMemberContext({ customer_id: req.auth_context.actor_id })
  const { data, ...page } = await memberRecordsPage(req.scope, member, "loyalty_entry", req.queryConfig, MEMBER_ENTRY_FILTERS)
  res.json({ transactions: data, ...page })
}
