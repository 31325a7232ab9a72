import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setLoyaltyBirthdayWorkflow } from "../../../../workflows/loyalty"
import { loadAccountView, loadReferralsView } from "../../../utils/account-view"
import { shopperLanguage } from "../../../utils/loyalty-views"
import { runForRoute } from "../../../utils/run-workflow"
import type { StoreUpdateLoyaltyAccountType } from "../validators"

/**
 * The logged-in customer's balances, tier, progress and referral link, with
 * their referral as a friend and their referrals as referrer. Reads only.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const [account, referrals] = await Promise.all([
    loadAccountView(req.scope, req.auth_context.actor_id, shopperLanguage(req)),
    loadReferralsView(req.scope, req.auth_context.actor_id),
  ])
  res.json({ account, referrals })
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
