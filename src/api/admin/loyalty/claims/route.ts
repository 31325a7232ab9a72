import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import { escapeLikePattern } from "../../../utils/search"
import type { AdminGetLoyaltyClaimsParamsType } from "../validators"

/**
 * The claims queue, oldest first (the order to work through it), filtered
 * by `status`, `type` and `q` (handle, evidence, or a customer's email or
 * name). Each carries its member's Medusa customer id. Reads only.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetLoyaltyClaimsParamsType>, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const { status, type, q } = req.validatedQuery
  const filters: Record<string, unknown>[] = []
  if (status) {
    filters.push({ status })
  }
  if (type) {
    filters.push({ type })
  }
  if (q) {
    const { data: matching } = await query.graph({ entity: "customer", fields: ["id"], filters: { q: escapeLikePattern(q) } as Record<string, unknown> })
    const accountIds = await loyalty.listAccountIdsOfCustomers(matching.map((c) => c.id))
    const like = `%${escapeLikePattern(q)}%`
    filters.push({ $or: [{ handle: { $ilike: like } }, { evidence: { $ilike: like } }, { account_id: accountIds }] })
  }
  const { data, metadata } = await query.graph({
    entity: "loyalty_claim",
    fields: req.queryConfig.fields,
    filters: filters.length ? { $and: filters } : {},
    pagination: { ...req.queryConfig.pagination, order: { created_at: "ASC", id: "ASC" } },
  })
  const customerOf = await loyalty.listCustomerIdsOfAccounts(data.map((c: any) => c.account_id))
  res.json({
    claims: data.map((c: any) => ({ ...c, customer_id: customerOf.get(c.account_id) ?? null })),
    count: metadata?.count ?? data.length,
    limit: metadata?.take ?? req.queryConfig.pagination.take,
    offset: metadata?.skip ?? req.queryConfig.pagination.skip,
  })
}
