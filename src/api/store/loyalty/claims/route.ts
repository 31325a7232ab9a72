import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { plainText } from "../../../../rules/awards"
import { submitLoyaltyClaimWorkflow } from "../../../../workflows/claims"
import { runForRoute } from "../../../utils/run-workflow"
import { STORE_CLAIM_FIELDS } from "../query-config"
import type { StoreCreateLoyaltyClaimType } from "../validators"

/**
 * The logged-in customer claims cones for a social follow or a custom
 * action: pending for an admin, or approved at once where the program
 * says so. 409 for a platform claimed before (naming that claim) or an
 * action past its limit.
 */
export const POST = async (req: AuthenticatedMedusaRequest<StoreCreateLoyaltyClaimType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const claim =
    body.action === "social_follow"
      ? { type: "social_follow" as const, platform: body.platform, handle: body.handle ? plainText(body.handle) || null : null }
      : { type: "custom" as const, action_id: body.action_id, evidence: body.evidence ? plainText(body.evidence) || null : null }
  const { result } = await runForRoute(
    submitLoyaltyClaimWorkflow(req.scope).run({ input: { customer_id: req.auth_context.actor_id, ...claim } })
  )
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: [view] } = await query.graph({ entity: "loyalty_claim", fields: STORE_CLAIM_FIELDS, filters: { id: result.id } })
  res.status(201).json({ claim: view })
}
