import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listTiers, saveLoyaltyTierWorkflow } from "../../../../workflows/tiers"
import { adminTierView } from "./tier-view"
import type { AdminCreateLoyaltyTierType } from "./validators"

/**
 * Every tier, lowest first, with its customer group, price list and
 * promotion as they stand (null until made: saving a tier, a member's first
 * tier change, the hourly tier job or `POST /admin/loyalty/tier-pricing`
 * makes them). Reads only.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const tiers = await listTiers(req.scope)
  res.json({ tiers: tiers.map((t) => adminTierView(t)), count: tiers.length })
}

/** Creates a tier; the whole set must stand (400 naming the field, nothing created, otherwise). */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateLoyaltyTierType>, res: MedusaResponse) => {
  const { name, threshold, multiplier, discount_percent, perks } = req.validatedBody
  const { result } = await saveLoyaltyTierWorkflow(req.scope).run({
    input: { name, threshold, multiplier, discount_percent: discount_percent ?? null, perks: perks ?? null },
  })
  res.status(201).json({ tier: adminTierView(result) })
}
