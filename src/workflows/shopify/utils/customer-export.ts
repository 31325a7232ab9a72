import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { shopifyModule } from "./refs"

/**
 * What Kapy holds about a Shopify customer (`customers/data_request`): the
 * member's identities, balances, ledger entries, claims, referrals and the
 * discount codes they bought. Reads only; null when Kapy knows nothing of them.
 */
export async function exportShopifyCustomerData(container: MedusaContainer, customerId: string) {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = await loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: customerId })
  if (!account) {
    return null
  }
  const accountIds = await loyalty.listMemberAccountIds(account.id)
  const [identities, entries, claims, referral, referrals, codes] = await Promise.all([
    loyalty.listMemberIdentities(account.id),
    loyalty.listLoyaltyEntries({ account_id: accountIds }, { order: { created_at: "ASC" } }),
    loyalty.listLoyaltyClaims({ account_id: accountIds }),
    loyalty.retrieveReferralOfFriend(account.id),
    loyalty.listReferralsOfReferrer(account.id),
    shopifyModule(container).listShopifyDiscountCodes({ account_id: accountIds }),
  ])
  return {
    shopify_customer_id: customerId,
    account: {
      id: account.id,
      points_balance: account.points_balance,
      points_pending: account.points_pending,
      lifetime_points: account.lifetime_points,
      lifetime_redeemed: account.lifetime_redeemed,
      tier_id: account.tier_id,
      referral_code: account.referral_code,
      birthday: account.birthday,
    },
    identities: identities.map((i: any) => ({ provider: i.provider, external_id: i.external_id, email: i.email, email_verified: i.email_verified })),
    entries: entries.map((e: any) => ({
      id: e.id, reason: e.reason, points: e.points, source_type: e.source_type, source_id: e.source_id, note: e.note, created_at: e.created_at,
    })),
    claims: claims.map((c: any) => ({ id: c.id, type: c.type, platform: c.platform, handle: c.handle, status: c.status, points: c.points, created_at: c.created_at })),
    referrals: { as_friend: referral, as_referrer: referrals },
    discount_codes: codes.map((c: any) => ({ code: c.code, points: c.points, amount: c.amount, currency_code: c.currency_code, status: c.status, expires_at: c.expires_at })),
  }
}
