import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import { normaliseReferralCode } from "../../../../rules/referrals"
import { accountIdsOfMatchingCustomers, customersOfAccounts } from "../../../utils/member-customers"
import type { AdminGetLoyaltyReferralsParamsType } from "../validators"

/**
 * Referrals, newest first, rejected ones with their reason: filtered by
 * `status`, `reason`, `referrer` (account id or referral code) and `q` (a
 * referrer's or friend's email or name as plain text, or a code). Each
 * carries the referrer's and friend's Medusa customers. Reads only.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetLoyaltyReferralsParamsType>,
  res: MedusaResponse
) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const { status, reason, referrer, q } = req.validatedQuery
  const filters: Record<string, unknown>[] = []
  if (status) {
    filters.push({ status })
  }
  if (reason) {
    filters.push({ $or: [{ reason }, { overruled_reason: reason }] })
  }
  if (referrer) {
    const code = normaliseReferralCode(referrer)
    const account = code ? await loyalty.retrieveReferrerByCode(code) : null
    filters.push({ referrer_account_id: account ? await loyalty.listMemberAccountIds(account.id) : [referrer] })
  }
  if (q) {
    const accountIds = await accountIdsOfMatchingCustomers(req.scope, q)
    const code = normaliseReferralCode(q)
    filters.push({
      $or: [
        { referrer_account_id: accountIds },
        { friend_account_id: accountIds },
        ...(code ? [{ code }] : []),
      ],
    })
  }
  const { data, metadata } = await query.graph({
    entity: "loyalty_referral",
    fields: req.queryConfig.fields,
    filters: filters.length ? { $and: filters } : {},
    pagination: { ...req.queryConfig.pagination, order: { created_at: "DESC", id: "DESC" } },
  })
  const customerOf = await customersOfAccounts(
    req.scope,
    data.flatMap((r: any) => [r.referrer_account_id, r.friend_account_id])
  )
  res.json({
    referrals: data.map((r: any) => ({
      ...r,
      referrer: customerOf(r.referrer_account_id).customer,
      friend: customerOf(r.friend_account_id).customer,
    })),
    count: metadata?.count ?? data.length,
    limit: metadata?.take ?? req.queryConfig.pagination.take,
    offset: metadata?.skip ?? req.queryConfig.pagination.skip,
  })
}
