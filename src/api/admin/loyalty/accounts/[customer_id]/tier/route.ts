import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setMemberTierOverride } from "../../../members/member-writes"
import type { AdminSetLoyaltyTierOverrideType } from "../../../tiers/validators"

/**
 * Sets a tier floor for the customer's member: they hold at least `tier_id`
 * until `until` (absent: until removed), attributed to the admin, with the reason.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminSetLoyaltyTierOverrideType>, res: MedusaResponse) => {
  res.json(await setMemberTierOverride(req, { customer_id: req.params.customer_id }, req.validatedBody))
}

/** Ends the override: the member falls to their earned tier at once. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json(await setMemberTierOverride(req, { customer_id: req.params.customer_id }, null))
}
