import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { approveReferralWorkflow } from "../../../../../../workflows/referrals"
import { runForRoute } from "../../../../../utils/run-workflow"
import type { AdminApproveLoyaltyReferralType } from "../../../validators"

/**
 * Overrules a referral's rejection with a note: it stands again, the
 * friend gets their reward, the referrer theirs when the friend's
 * qualifying order passes its pending period. 409 unless it is rejected.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminApproveLoyaltyReferralType>, res: MedusaResponse) => {
  const { result } = await runForRoute(
    approveReferralWorkflow(req.scope).run({
      input: { referral_id: req.params.id, note: req.validatedBody.note, actor_id: req.auth_context.actor_id },
    })
  )
  res.json({ referral: result })
}
