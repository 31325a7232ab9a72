import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { KAPY_LOYALTY_MODULE } from "../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../modules/loyalty/service"
import type { LoyaltyTierDTO } from "../../../../types/loyalty"
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
  const settings = await loyalty.retrieveProgramSettings()
  const tiers = await loyalty.listLoyaltyTiers({}, { order: { rank: "ASC" } })
  const actions = await loyalty.listActiveActions()
  res.json({ program: programView(settings, tiers as unknown as LoyaltyTierDTO[], actions, shopperLanguage(req)) })
}
