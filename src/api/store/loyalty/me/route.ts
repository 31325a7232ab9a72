import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import { loadAccountView } from "../../../utils/account-view"
import type { StoreUpdateLoyaltyAccountType } from "../validators"

/** The logged-in customer's balances, tier, progress and referral link. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ account: await loadAccountView(req.scope, req.auth_context.actor_id) })
}

/**
 * Sets the member's birthday, for the yearly birthday bonus. Set once: a
 * different date later is a 409, and the shop's admin can correct it.
 */
export const POST = async (
  req: AuthenticatedMedusaRequest<StoreUpdateLoyaltyAccountType>,
  res: MedusaResponse
) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  await loyalty.setBirthday(req.auth_context.actor_id, req.validatedBody.birthday)
  res.json({ account: await loadAccountView(req.scope, req.auth_context.actor_id) })
}
