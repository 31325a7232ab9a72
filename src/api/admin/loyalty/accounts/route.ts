import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import { escapeLikePattern } from "../../../utils/search"
import type { AdminGetLoyaltyAccountsParamsType } from "../validators"

const CUSTOMER_FIELDS = ["id", "email", "first_name", "last_name"]

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
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const q = req.validatedQuery.q
  let filters: Record<string, unknown> = { status: ["active", "closed"] }
  if (q) {
    const { data: matching } = await query.graph({
      entity: "customer",
      fields: ["id"],
      filters: { q: escapeLikePattern(q) } as Record<string, unknown>,
    })
    const accountIds = await loyalty.listAccountIdsOfCustomers(matching.map((c) => c.id))
    filters = { ...filters, $or: [{ id: accountIds }, { referral_code: q.toUpperCase() }] }
  }
  const { data, metadata } = await query.graph({
    entity: "loyalty_account",
    fields: req.queryConfig.fields,
    filters,
    pagination: { ...req.queryConfig.pagination, order: { created_at: "DESC", id: "DESC" } },
  })
  const customerOf = await loyalty.listCustomerIdsOfAccounts(data.map((a: any) => a.id))
  const { data: customers } = customerOf.size
    ? await query.graph({ entity: "customer", fields: CUSTOMER_FIELDS, filters: { id: [...customerOf.values()] } })
    : { data: [] as any[] }
  res.json({
    accounts: data.map((account: any) => {
      const customerId = customerOf.get(account.id) ?? null
      return { ...account, customer_id: customerId, customer: customers.find((c: any) => c.id === customerId) ?? null }
    }),
    count: metadata?.count ?? data.length,
    limit: metadata?.take ?? req.queryConfig.pagination.take,
    offset: metadata?.skip ?? req.queryConfig.pagination.skip,
  })
}
