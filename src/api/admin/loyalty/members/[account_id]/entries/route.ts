import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listMemberEntries, retrieveMemberOrFail } from "../../member-view"
import type { AdminGetLoyaltyMemberEntriesParamsType } from "../../validators"

/** The member's ledger entries (and those of accounts merged into theirs), newest first, paginated. Reads only. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetLoyaltyMemberEntriesParamsType>,
  res: MedusaResponse
) => {
  const member = await retrieveMemberOrFail(req.scope, req.params.account_id)
  res.json(await listMemberEntries(req.scope, member.id, req.queryConfig))
}
