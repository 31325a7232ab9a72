import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import type { LoyaltyAccountDTO } from "../../../../types/loyalty"
import { loadMemberAccountView } from "../../../utils/account-view"
import type { MemberCustomer } from "../../../utils/member-customers"

/**
 * A member's account as the admin sees it: the shopper's view of it, the
 * tier override with who set it and why (the shopper's view leaves it out)
 * and who the member is (each identity: provider, id and email). The same
 * for a member found by Medusa customer and by account id; a customer not
 * yet a member (`account` null) is shown with nothing yet.
 */
export async function loadAdminMemberView(
  scope: MedusaContainer,
  account: LoyaltyAccountDTO | null,
  { customer_id = account?.customer_id ?? null, customer }: { customer_id?: string | null; customer: MemberCustomer | null }
) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const [view, identities] = await Promise.all([
    loadMemberAccountView(scope, account, { customer_id }),
    account ? loyalty.listMemberIdentities(account.id) : [],
  ])
  return {
    ...view,
    status: account?.status ?? null,
    customer,
    tier_override: account?.tier_override ?? null,
    identities: identities.map(({ id, provider, external_id, email, email_verified }) => ({
      id,
      provider,
      external_id,
      email,
      email_verified,
    })),
  }
}

/** The member behind an account id (the one a merged account went into), or NOT_FOUND. */
export async function retrieveMemberOrFail(scope: MedusaContainer, accountId: string): Promise<LoyaltyAccountDTO> {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = await loyalty.retrieveMember({ account_id: accountId })
  if (!account) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Loyalty account with id: ${accountId} was not found`)
  }
  return account
}

/**
 * The member's ledger entries, newest first, of the account and of the
 * accounts merged into it, as the route's query config asks (fields, page).
 */
export async function listMemberEntries(
  scope: MedusaContainer,
  accountId: string | null,
  queryConfig: { fields: string[]; pagination: { take?: number; skip?: number } }
) {
  const { take, skip } = queryConfig.pagination
  if (!accountId) {
    return { entries: [], count: 0, limit: take, offset: skip }
  }
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "loyalty_entry",
    fields: queryConfig.fields,
    filters: { account_id: await loyalty.listMemberAccountIds(accountId) },
    pagination: { ...queryConfig.pagination, order: { created_at: "DESC", id: "DESC" } },
  })
  return { entries: data, count: metadata?.count ?? data.length, limit: metadata?.take ?? take, offset: metadata?.skip ?? skip }
}

/** The member's Medusa customer (id, email, name), null for a member without one. */
export async function customerOfMember(scope: MedusaContainer, account: LoyaltyAccountDTO): Promise<MemberCustomer | null> {
  if (!account.customer_id) {
    return null
  }
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer",
    fields: ["id", "email", "first_name", "last_name"],
    filters: { id: account.customer_id },
  })
  return (data[0] as MemberCustomer | undefined) ?? null
}
