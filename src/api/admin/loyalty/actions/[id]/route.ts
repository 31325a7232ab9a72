import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { KAPY_LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../modules/loyalty/service"
import type { AdminUpdateLoyaltyActionType } from "../../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  res.json({ action: await loyalty.retrieveLoyaltyAction(req.params.id) })
}

/** Changes a custom action; claims already made keep the points they were offered. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateLoyaltyActionType>, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  await loyalty.retrieveLoyaltyAction(req.params.id)
  const action = await loyalty.updateLoyaltyActions({ id: req.params.id, ...req.validatedBody } as any)
  res.json({ action })
}

/** Removes a custom action (soft: its claims keep pointing at it). */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  await loyalty.retrieveLoyaltyAction(req.params.id)
  await loyalty.softDeleteLoyaltyActions([req.params.id])
  res.json({ id: req.params.id, object: "loyalty_action", deleted: true })
}
