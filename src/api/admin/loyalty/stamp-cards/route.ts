import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import { saveStampCardWorkflow } from "../../../../workflows/stamps"
import { runForRoute } from "../../../utils/run-workflow"
import type { AdminCreateStampCardType } from "./validators"

/** The shop's stamp cards. Reads only. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  res.json({ stamp_cards: await loyalty.listStampCards() })
}

/** Creates a stamp card. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateStampCardType>, res: MedusaResponse) => {
  const { result } = await runForRoute(saveStampCardWorkflow(req.scope).run({ input: req.validatedBody }))
  res.status(201).json({ stamp_card: result })
}
