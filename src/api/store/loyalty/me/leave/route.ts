import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../modules/loyalty/service"
import { leaveLoyaltyProgramWorkflow } from "../../../../../workflows/privacy"
import { runForRoute } from "../../../../utils/run-workflow"

/**
 * The shopper leaves the program: their balance is forfeited by one entry,
 * the account is closed, and their data is erased after the shop's
 * retention. Idempotent; 404 for a customer who never joined.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = await loyalty.retrieveMember({ customer_id: req.auth_context.actor_id })
  if (!account) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "You have no loyalty account")
  }
  const { result } = await runForRoute(
    leaveLoyaltyProgramWorkflow(req.scope).run({
      input: { account_id: account.id, actor_type: "customer", actor_id: req.auth_context.actor_id },
    })
  )
  res.json({
    account: { id: result.account.id, status: result.account.status, points_balance: result.account.points_balance, points_pending: result.account.points_pending },
    forfeit_entry_id: result.entry_id,
  })
}
