import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import {
  deleteLoyaltyCampaignWorkflow,
  updateLoyaltyCampaignWorkflow,
} from "../../../../../workflows/campaigns"
import type { AdminUpdateLoyaltyCampaignType } from "../../validators"

export const POST = async (
  req: AuthenticatedMedusaRequest<AdminUpdateLoyaltyCampaignType>,
  res: MedusaResponse
) => {
  const { result } = await updateLoyaltyCampaignWorkflow(req.scope).run({
    input: { ...req.validatedBody, id: req.params.id },
  })
  res.json({ campaign: result })
}

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await deleteLoyaltyCampaignWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ id: req.params.id, object: "loyalty_campaign", deleted: true })
}
