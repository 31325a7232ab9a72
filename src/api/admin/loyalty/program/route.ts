import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import type { AdminUpdateLoyaltyProgramType } from "../validators"

/** The full program settings document. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  res.json({ program: await loyalty.retrieveProgramSettings() })
}

/** Changes settings section by section; a change that does not validate writes nothing. */
export const POST = async (
  req: AuthenticatedMedusaRequest<AdminUpdateLoyaltyProgramType>,
  res: MedusaResponse
) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  res.json({ program: await loyalty.updateProgramSettings(req.validatedBody) })
}
