import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { AdminGetLoyaltyAccountsParamsType } from "../validators"

/** Loyalty accounts, newest first; `q` matches a customer's email or name, or a referral code. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetLoyaltyAccountsParamsType>,
  res: MedusaResponse
) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const q = req.validatedQuery.q
  let filters: Record<string, unknown> = {}
  if (q) {
    const { data: customers } = await query.graph({
      entity: "customer",
      fields: ["id"],
      filters: { q } as Record<string, unknown>,
    })
    filters = {
      $or: [
        { customer_id: customers.map((c) => c.id) },
        { referral_code: q.toUpperCase() },
      ],
    }
  }
  const { data, metadata } = await query.graph({
    entity: "loyalty_account",
    fields: req.queryConfig.fields,
    filters,
    pagination: { ...req.queryConfig.pagination, order: { created_at: "DESC" } },
  })
  res.json({
    accounts: data,
    count: metadata?.count ?? data.length,
    limit: metadata?.take ?? req.queryConfig.pagination.take,
    offset: metadata?.skip ?? req.queryConfig.pagination.skip,
  })
}
