import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../modules/loyalty/service"
import type { LoyaltyTierDTO } from "../../../../../types/loyalty"
import { deleteLoyaltyTierWorkflow, saveLoyaltyTierWorkflow } from "../../../../../workflows/tiers"
import { adminTierView } from "../tier-view"
import type { AdminUpdateLoyaltyTierType } from "../validators"

/** One tier, with how many members hold it. Reads only. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const [tier] = (await loyalty.listLoyaltyTiers({ id: req.params.id })) as unknown as LoyaltyTierDTO[]
  if (!tier) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Tier with id: ${req.params.id} was not found`)
  }
  const members = await loyalty.listAndCountLoyaltyAccounts({ tier_id: tier.id } as any, { take: 1 })
  res.json({ tier: adminTierView(tier, members[1]) })
}

/** Changes a tier (fields given replace the tier's); the whole set must stand. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateLoyaltyTierType>, res: MedusaResponse) => {
  const { result } = await saveLoyaltyTierWorkflow(req.scope).run({
    input: { id: req.params.id, ...(req.validatedBody as any) },
  })
  res.json({ tier: adminTierView(result) })
}

/** Deletes a tier; its members move to the tier their metric gives (re-evaluated at once). */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await deleteLoyaltyTierWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: result.id, object: "loyalty_tier", deleted: true, moved: result.moved })
}
