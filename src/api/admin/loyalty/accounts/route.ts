import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import { accountIdsOfMatchingCustomers, customersOfAccounts } from "../../../utils/member-customers"
import type { AdminGetLoyaltyAccountsParamsType } from "../validators"

/**
 * Members' accounts (merged ones left out), newest first; `q` matches, as
 * plain text, a Medusa customer's email or name, the email of any of a
 * member's identities (a member who only shops on Shopify too), or a
 * referral code. Each account carries its Medusa customer when it has one,
 * and its identities' emails; its `id` opens the member page
 * (`/admin/loyalty/members/:account_id`).
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
    const [ofCustomers, byEmail] = await Promise.all([
      accountIdsOfMatchingCustomers(req.scope, q),
      loyalty.listAccountIdsByEmail(q),
    ])
    filters = { ...filters, $or: [{ id: [...new Set([...ofCustomers, ...byEmail])] }, { referral_code: q.toUpperCase() }] }
  }
  const { data, metadata } = await query.graph({
    entity: "loyalty_account",
    fields: req.queryConfig.fields,
    filters,
    pagination: { ...req.queryConfig.pagination, order: { created_at: "DESC", id: "DESC" } },
  })
  const ids = data.map((a: any) => a.id)
  const [customerOf, identitiesOf] = await Promise.all([customersOfAccounts(req.scope, ids), loyalty.listIdentitiesOfAccounts(ids)])
  res.json({
    accounts: data.map((account: any) => ({
      ...account,
      ...customerOf(account.id),
      identities: (identitiesOf.get(account.id) ?? []).map(({ provider, external_id, email }) => ({ provider, external_id, email })),
    })),
    count: metadata?.count ?? data.length,
    limit: metadata?.take ?? req.queryConfig.pagination.take,
    offset: metadata?.skip ?? req.queryConfig.pagination.skip,
  })
}
