import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { hashIpAddress } from "../../../../../rules/referrals"
import { applyReferralCodeWorkflow } from "../../../../../workflows/referrals"
import { appliedReferralAnswer } from "../../../../utils/referral-views"
import { runForRoute } from "../../../../utils/run-workflow"
import type { StoreApplyReferralType } from "../../validators"

/**
 * The logged-in customer applies a friend's code, before their first
 * order. A standing referral answers with the friend's reward (the
 * promotion code to show); a rejected one with a neutral message, never the
 * reason. A customer who already ordered gets a 409; a second, different
 * code too.
 */
export const POST = async (req: AuthenticatedMedusaRequest<StoreApplyReferralType>, res: MedusaResponse) => {
  const config = req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  const secret = String(config.projectConfig.http.cookieSecret ?? config.projectConfig.http.jwtSecret ?? "kapy")
  const { result } = await runForRoute(
    applyReferralCodeWorkflow(req.scope).run({
      input: {
        customer_id: req.auth_context.actor_id,
        code: req.validatedBody.code,
        ip_hash: hashIpAddress(req.ip, secret),
      },
    })
  )
  res.json(appliedReferralAnswer(result.referral))
}
