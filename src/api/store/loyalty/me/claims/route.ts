import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { KAPY_LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../modules/loyalty/service"
import { memberRecordsPage } from "../../../../utils/member-records"
import type { StoreGetLoyaltyClaimsParamsType } from "../../validators"

/** The logged-in member's own claims, newest first. Reads only: no account is made. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, StoreGetLoyaltyClaimsParamsType>, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const member = await loyalty.retrieveMemberContext({ customer_id: req.auth_context.actor_id })
  const { data, ...page } = await memberRecordsPage(req.scope, member, "loyalty_claim", req.queryConfig)
  res.json({ claims: data, ...page })
}
