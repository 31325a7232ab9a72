import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import { programView, shopperLanguage } from "../../../utils/loyalty-views"

/**
 * The program as a shopper sees it: unit names, ways to earn (with
 * platforms' profile URLs and active custom actions), tiers with their
 * perks in the shopper's language (`?locale=fi` or `x-medusa-locale`,
 * else Accept-Language; English where a tier has no translation),
 * redemption rules.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  // settings, tiers and actions from the program's cache (one statement: its generation)
  const program = await loyalty.retrieveProgram()
  const actions = await loyalty.listActiveActions(new Date(), { token: program.token })
  res.json({ program: programView(program.settings, program.tiers, actions, shopperLanguage(req)) })
}
