import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../modules/loyalty/service"
import type { StoreGetLoyaltyClaimsParamsType } from "../../validators"

/** The logged-in member's own claims, newest first. Reads only: no account is made. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, StoreGetLoyaltyClaimsParamsType>, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const account = await loyalty.retrieveMember({ customer_id: req.auth_context.actor_id })
  const { take, skip } = req.queryConfig.pagination
  if (!account) {
    return res.json({ claims: [], count: 0, limit: take, offset: skip })
  }
  const { data, metadata } = await query.graph({
    entity: "loyalty_claim",
    fields: req.queryConfig.fields,
    filters: { account_id: await loyalty.listMemberAccountIds(account.id) },
    pagination: { ...req.queryConfig.pagination, order: { created_at: "DESC", id: "DESC" } },
  })
  res.json({ claims: data, count: metadata?.count ?? data.length, limit: metadata?.take ?? take, offset: metadata?.skip ?? skip })
}
