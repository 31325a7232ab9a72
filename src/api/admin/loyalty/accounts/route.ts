import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { accountIdsOfMatchingCustomers, customersOfAccounts } from "../../../utils/member-customers"
import type { AdminGetLoyaltyAccountsParamsType } from "../validators"

/**
 * Members' accounts (merged ones left out), newest first; `q` matches a
 * customer's email or name as plain text, or a referral code. Each account
 * carries its Medusa customer, when it has one.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetLoyaltyAccountsParamsType>,
  res: MedusaResponse
) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const q = req.validatedQuery.q
  let filters: Record<string, unknown> = { status: ["active", "closed"] }
  if (q) {
    const accountIds = await accountIdsOfMatchingCustomers(req.scope, q)
    filters = { ...filters, $or: [{ id: accountIds }, { referral_code: q.toUpperCase() }] }
  }
  const { data, metadata } = await query.graph({
    entity: "loyalty_account",
    fields: req.queryConfig.fields,
    filters,
    pagination: { ...req.queryConfig.pagination, order: { created_at: "DESC", id: "DESC" } },
  })
  const customerOf = await customersOfAccounts(req.scope, data.map((a: any) => a.id))
  res.json({
    accounts: data.map((account: any) => ({ ...account, ...customerOf(account.id) })),
    count: metadata?.count ?? data.length,
    limit: metadata?.take ?? req.queryConfig.pagination.take,
    offset: metadata?.skip ?? req.queryConfig.pagination.skip,
  })
}
