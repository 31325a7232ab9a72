import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { accountIdsOfMatchingCustomers, customersOfAccounts } from "../../../utils/member-customers"
import { escapeLikePattern } from "../../../utils/search"
import type { AdminGetLoyaltyClaimsParamsType } from "../validators"

/**
 * The claims queue, oldest first (the order to work through it), filtered
 * by `status`, `type` and `q` (handle, evidence, or a customer's email or
 * name). Each carries its member's Medusa customer id and customer (id,
 * email, name). Reads only.
 */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetLoyaltyClaimsParamsType>, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { status, type, q } = req.validatedQuery
  const filters: Record<string, unknown>[] = []
  if (status) {
    filters.push({ status })
  }
  if (type) {
    filters.push({ type })
  }
  if (q) {
    const accountIds = await accountIdsOfMatchingCustomers(req.scope, q)
    const like = `%${escapeLikePattern(q)}%`
    filters.push({ $or: [{ handle: { $ilike: like } }, { evidence: { $ilike: like } }, { account_id: accountIds }] })
  }
  const { data, metadata } = await query.graph({
    entity: "loyalty_claim",
    fields: req.queryConfig.fields,
    filters: filters.length ? { $and: filters } : {},
    pagination: { ...req.queryConfig.pagination, order: { created_at: "ASC", id: "ASC" } },
  })
  const customerOf = await customersOfAccounts(req.scope, data.map((c: any) => c.account_id))
  res.json({
    claims: data.map((c: any) => ({ ...c, ...customerOf(c.account_id) })),
    count: metadata?.count ?? data.length,
    limit: metadata?.take ?? req.queryConfig.pagination.take,
    offset: metadata?.skip ?? req.queryConfig.pagination.skip,
  })
}
