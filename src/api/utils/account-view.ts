import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../modules/loyalty"
import type LoyaltyModuleService from "../../modules/loyalty/service"
import { accountView } from "./loyalty-views"
import { friendReferralView, referrerSummary } from "./referral-views"

/**
 * A customer's account as shoppers and admins see it. Reads only: a
 * customer who has no account yet (registered before the plugin was
 * installed, say) is shown as a member with nothing yet, and the account is
 * made by the first write (an earning, a birthday, a redemption).
 */
export async function loadAccountView(scope: MedusaContainer, customerId: string) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const [account, settings, standing] = await Promise.all([
    loyalty.retrieveMember({ customer_id: customerId }),
    loyalty.retrieveProgramSettings(),
    loyalty.retrieveTierStanding({ customer_id: customerId }),
  ])
  return accountView(account, standing, settings, customerId)
}

/** A customer's referral as a friend (null: none) and their referrals as referrer. Reads only. */
export async function loadReferralsView(scope: MedusaContainer, customerId: string) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = await loyalty.retrieveMember({ customer_id: customerId })
  if (!account) {
    return { as_friend: null, as_referrer: referrerSummary([]) }
  }
  const [asFriend, asReferrer] = await Promise.all([
    loyalty.retrieveReferralOfFriend(account.id),
    loyalty.listReferralsOfReferrer(account.id),
  ])
  return { as_friend: asFriend ? friendReferralView(asFriend) : null, as_referrer: referrerSummary(asReferrer) }
}
