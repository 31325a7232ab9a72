import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setMemberTierOverride } from "../../member-writes"
import type { AdminSetLoyaltyTierOverrideType } from "../../../tiers/validators"

/**
 * Sets a tier floor for the member: they hold at least `tier_id` until
 * `until` (absent: until removed), attributed to the admin, with the reason.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminSetLoyaltyTierOverrideType>, res: MedusaResponse) => {
  res.json(await setMemberTierOverride(req, { account_id: req.params.account_id }, req.validatedBody))
}

/** Ends the member's override: they fall to their earned tier at once. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json(await setMemberTierOverride(req, { account_id: req.params.account_id }, null))
}
