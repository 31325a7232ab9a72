import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../modules/loyalty"
import { isMemberContext } from "../../modules/loyalty/service"
import type LoyaltyModuleService from "../../modules/loyalty/service"
import type { LoyaltyAccountDTO, MemberContext } from "../../types/loyalty"
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
  return await loadMemberAccountView(scope, await loyalty.retrieveMemberContext({ customer_id: customerId }), { language })
}

/**
 * A customer's account and referrals (`GET /store/loyalty/me`), from one
 * read of the member: identity, account after merges, merged accounts and
 * the program's generation in one statement, the program from its cache.
 */
export async function loadMemberViews(scope: MedusaContainer, member: MemberContext, { language }: { language?: string | null } = {}) {
  const [account, referrals] = await Promise.all([
    loadMemberAccountView(scope, member, { language }),
    loadMemberReferralsView(scope, member),
  ])
  return { account, referrals }
}

/**
 * A member's account in the same view, from the member read once
 * (`retrieveMemberContext`), or from an account (null: a member Kapy has
 * not met yet; the member is then read by it), for routes whose shopper is
 * not a Medusa customer (the Shopify app proxy): one view for every
 * channel.
 */
export async function loadMemberAccountView(
  scope: MedusaContainer,
  member: MemberContext | LoyaltyAccountDTO | null,
  { customer_id, language }: { customer_id?: string | null; language?: string | null } = {}
) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const context = await memberContextOf(loyalty, member, customer_id)
  const { account } = context
  const { settings } = await loyalty.retrieveProgram({ token: context.program_token })
  const [standing, nextExpiry, stampCards] = await Promise.all([
    loyalty.retrieveTierStanding(context),
    account ? loyalty.retrieveNextExpiry(account.id, { settings }) : null,
    loyalty.retrieveMemberStampCards(context),
  ])
  return {
    ...accountView(account, standing, settings, customer_id ?? context.customer_id, language),
    /** When points expire next and how many (null: nothing expires, or expiry is off). */
    next_expiry: nextExpiry ? { date: nextExpiry.date.toISOString(), points: nextExpiry.points, mode: nextExpiry.mode } : null,
    /** Each active stamp card: the stamps on it, what filling it gives, and the codes of cards filled. */
    stamp_cards: stampCards,
  }
}

/** A customer's referral as a friend (null: none) and their referrals as referrer. Reads only. */
export async function loadReferralsView(scope: MedusaContainer, customerId: string) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  return await loadMemberReferralsView(scope, await loyalty.retrieveMemberContext({ customer_id: customerId }))
}

/** A member's referrals in the same view (one statement), from the member read once or an account (null: none yet). */
export async function loadMemberReferralsView(scope: MedusaContainer, member: MemberContext | LoyaltyAccountDTO | null) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const context = await memberContextOf(loyalty, member)
  if (!context.account) {
    return { as_friend: null, as_referrer: referrerSummary([]) }
  }
  const { as_friend, as_referrer } = await loyalty.listMemberReferrals(context)
  return { as_friend: as_friend ? friendReferralView(as_friend) : null, as_referrer: referrerSummary(as_referrer) }
}

/** The member read once, as given, or read now from an account (or a customer without one). */
async function memberContextOf(
  loyalty: LoyaltyModuleService,
  member: MemberContext | LoyaltyAccountDTO | null,
  customerId?: string | null
): Promise<MemberContext> {
  if (isMemberContext(member)) {
    return member
  }
  if (member) {
    return await loyalty.retrieveMemberContext({ account_id: member.id })
  }
  return customerId
    ? await loyalty.retrieveMemberContext({ customer_id: customerId })
    : { account: null, account_ids: [], customer_id: null, tier_since: null, tier_expires_at: null, program_token: undefined }
}
