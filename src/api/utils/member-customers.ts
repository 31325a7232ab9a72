import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../modules/loyalty"
import type LoyaltyModuleService from "../../modules/loyalty/service"
import { escapeLikePattern } from "./search"

const CUSTOMER_FIELDS = ["id", "email", "first_name", "last_name"]

export type MemberCustomer = { id: string; email: string | null; first_name: string | null; last_name: string | null }

/**
 * The accounts of the Medusa customers whose email or name matches `q`, as
 * plain text (`%` and `_` are not wildcards). For admin searches that start
 * from people and filter loyalty rows by account.
 */
export async function accountIdsOfMatchingCustomers(scope: MedusaContainer, q: string): Promise<string[]> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: matching } = await query.graph({
    entity: "customer",
    fields: ["id"],
    filters: { q: escapeLikePattern(q) } as Record<string, unknown>,
  })
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  return await loyalty.listAccountIdsOfCustomers(matching.map((c) => c.id))
}

/**
 * Each account's Medusa customer id and customer (id, email, name), read in
 * two queries for a whole page of rows; nulls for an account without one (a
 * Shopify-only member), a null customer for one Medusa no longer has.
 */
export async function customersOfAccounts(
  scope: MedusaContainer,
  accountIds: string[]
): Promise<(accountId: string) => { customer_id: string | null; customer: MemberCustomer | null }> {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const customerOf = await loyalty.listCustomerIdsOfAccounts(accountIds)
  if (!customerOf.size) {
    return () => ({ customer_id: null, customer: null })
  }
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "customer",
    fields: CUSTOMER_FIELDS,
    filters: { id: [...new Set(customerOf.values())] },
  })
  const byId = new Map((data as MemberCustomer[]).map((c) => [c.id, c]))
  return (accountId) => {
    const customerId = customerOf.get(accountId) ?? null
    return { customer_id: customerId, customer: (customerId && byId.get(customerId)) || null }
  }
}
