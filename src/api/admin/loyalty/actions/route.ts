import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import type { AdminCreateLoyaltyActionType } from "../validators"

/** The shop's custom actions, newest first. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const actions = await loyalty.listLoyaltyActions({}, { order: { created_at: "DESC" } })
  res.json({ actions, count: actions.length })
}

/** Defines a custom action (names in en/fi, cones, once or repeatable with a limit, auto-approval, active dates). */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateLoyaltyActionType>, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const action = await loyalty.createLoyaltyActions(req.validatedBody as any)
  res.status(201).json({ action })
}
