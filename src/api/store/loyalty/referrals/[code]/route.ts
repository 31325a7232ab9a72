import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../../../modules/loyalty"
import type LoyaltyModuleService from "../../../../../modules/loyalty/service"
import { friendRewardOffer } from "../../../../utils/referral-views"

/**
 * Whether a referral code is valid and what the friend gets; no login.
 * The referrer is named by first name at most. 400 for what cannot be a
 * code, 404 for a code nobody holds (or when the program is off). Reads only.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const loyalty = req.scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const settings = await loyalty.retrieveProgramSettings()
  const referrer = await loyalty.retrieveReferrerByCode(req.params.code)
  if (!settings.referral.enabled || !referrer || referrer.status !== "active") {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "This referral code was not found")
  }
  let firstName: string | null = null
  if (referrer.customer_id) {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "customer", fields: ["first_name"], filters: { id: referrer.customer_id } })
    firstName = data[0]?.first_name?.trim() || null
  }
  res.json({
    referral: {
      code: referrer.referral_code,
      valid: true,
      referrer: { first_name: firstName },
      friend_reward: friendRewardOffer(settings),
    },
  })
}
