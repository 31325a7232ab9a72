import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setLoyaltyBirthdayWorkflow } from "../../../../workflows/loyalty"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import { loadAccountView, loadMemberViews } from "../../../utils/account-view"
import { shopperLanguage } from "../../../utils/loyalty-views"
import { runForRoute } from "../../../utils/run-workflow"
import type { StoreUpdateLoyaltyAccountType } from "../validators"

/**
 * The logged-in customer's balances, tier, progress and referral link, with
 * their referral as a friend and their referrals as referrer. Reads only:
 * the member once (one statement), the program from its cache, then the
 * tier progress, next expiry, stamps and referrals of that member.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const member = await loyalty.retrieveMemberContext({ customer_id: req.auth_context.actor_id })
  res.json(await loadMemberViews(req.scope, member, { language: shopperLanguage(req) }))
}

/**
 * Sets the member's birthday, for the yearly birthday bonus. Set once: a
 * different date later is a 409, and the shop's admin can correct it.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<StoreUpdateLoyaltyAccountType>,
  res: MedusaResponse
) => {
  await runForRoute(
    setLoyaltyBirthdayWorkflow(req.scope).run({
      input: { customer_id: req.auth_context.actor_id, birthday: req.validatedBody.birthday, overwrite: false },
    })
  )
  res.json({ account: await loadAccountView(req.scope, req.auth_context.actor_id) })
}
