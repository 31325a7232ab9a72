import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import { createLoyaltyCampaignWorkflow } from "../../../../workflows/campaigns"
import type { AdminCreateLoyaltyCampaignType } from "../validators"

/** Every campaign, the latest start first. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const [campaigns, count] = await loyalty.listAndCountLoyaltyCampaigns(
    {},
    { order: { starts_at: "DESC" } }
  )
  res.json({ campaigns, count })
}

export const POST = async (
  req: AuthenticatedMedusaRequest<AdminCreateLoyaltyCampaignType>,
  res: MedusaResponse
) => {
  const { result } = await createLoyaltyCampaignWorkflow(req.scope).run({ input: req.validatedBody })
  res.status(201).json({ campaign: result })
}
