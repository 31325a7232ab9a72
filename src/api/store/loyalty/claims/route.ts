import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { submitLoyaltyClaimWorkflow } from "../../../../workflows/claims"
import { claimFromBody, storeClaimView } from "../../../utils/member-records"
import { runForRoute } from "../../../utils/run-workflow"
import type { StoreCreateLoyaltyClaimType } from "../validators"

/**
 * The logged-in customer claims cones for a social follow or a custom
 * action: pending for an admin, or approved at once where the program
 * says so. 409 for a platform claimed before (naming that claim) or an
 * action past its limit.
 */
export const POST = async (req: AuthenticatedMedusaRequest<StoreCreateLoyaltyClaimType>, res: MedusaResponse) => {
  const { result } = await runForRoute(
    submitLoyaltyClaimWorkflow(req.scope).run({
      input: { customer_id: req.auth_context.actor_id, ...claimFromBody(req.validatedBody) },
    })
  )
  res.status(201).json({ claim: await storeClaimView(req.scope, result.id) })
}
