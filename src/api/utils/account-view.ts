import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../modules/loyalty"
import type LoyaltyModuleService from "../../modules/loyalty/service"
import type { LoyaltyAccountDTO } from "../../types/loyalty"
import { accountView } from "./loyalty-views"
import { friendReferralView, referrerSummary } from "./referral-views"

/**
 * A customer's account as shoppers and admins see it. Reads only: a
 * customer who has no account yet (registered before the plugin was
 * installed, say) is shown as a member with nothing yet, and the account is
 * made by the first write (an earning, a birthday, a redemption).
 */
export async function loadAccountView(scope: MedusaContainer, customerId: string, language?: string | null) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = await loyalty.retrieveMember({ customer_id: customerId })
  return await loadMemberAccountView(scope, account, { customer_id: customerId, language })
}

/**
 * A member's account in the same view, from the account itself (null: a
 * member Kapy has not met yet), for routes whose shopper is not a Medusa
 * customer (the Shopify app proxy): one view for every channel.
 */
export async function loadMemberAccountView(
  scope: MedusaContainer,
  account: LoyaltyAccountDTO | null,
  { customer_id = account?.customer_id ?? null, language }: { customer_id?: string | null; language?: string | null } = {}
) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const settings = await loyalty.retrieveProgramSettings()
  const [standing, nextExpiry, stampCards] = await Promise.all([
    // nobody's standing (the entry tier) for a member without an account
    loyalty.retrieveTierStanding(account ? { account_id: account.id } : customer_id ? { customer_id } : { account_id: "kacc_none" }, { settings }),
    account ? loyalty.retrieveNextExpiry(account.id, { settings }) : null,
    loyalty.retrieveMemberStampCards(account?.id ?? null),
  ])
  return {
    ...accountView(account, standing, settings, customer_id, language),
    /** When points expire next and how many (null: nothing expires, or expiry is off). */
    next_expiry: nextExpiry ? { date: nextExpiry.date.toISOString(), points: nextExpiry.points, mode: nextExpiry.mode } : null,
    /** Each active stamp card: the stamps on it, what filling it gives, and the codes of cards filled. */
    stamp_cards: stampCards,
  }
}

/** A customer's referral as a friend (null: none) and their referrals as referrer. Reads only. */
export async function loadReferralsView(scope: MedusaContainer, customerId: string) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  return await loadMemberReferralsView(scope, await loyalty.retrieveMember({ customer_id: customerId }))
}

/** A member's referrals in the same view, from the account (null: none yet). */
export async function loadMemberReferralsView(scope: MedusaContainer, account: LoyaltyAccountDTO | null) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  if (!account) {
    return { as_friend: null, as_referrer: referrerSummary([]) }
  }
  const [asFriend, asReferrer] = await Promise.all([
    loyalty.retrieveReferralOfFriend(account.id),
    loyalty.listReferralsOfReferrer(account.id),
  ])
  return { as_friend: asFriend ? friendReferralView(asFriend) : null, as_referrer: referrerSummary(asReferrer) }
}
