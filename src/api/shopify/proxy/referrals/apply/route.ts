import type { MedusaResponse } from "@medusajs/framework/http"
import { applyShopifyReferralCodeWorkflow } from "../../../../../workflows/shopify"
import { appliedReferralAnswer } from "../../../../utils/referral-views"
import { runForRoute } from "../../../../utils/run-workflow"
import type { ShopifyProxyRequest } from "../../../utils"
import type { ShopifyApplyReferralType } from "../../../validators"

/** The logged-in Shopify customer applies a friend's code: the answer of POST /store/loyalty/referrals/apply. */
export const POST = async (
  req: ShopifyProxyRequest<ShopifyApplyReferralType> & { validatedBody: ShopifyApplyReferralType },
  res: MedusaResponse
) => {
  const { result } = await runForRoute(
    applyShopifyReferralCodeWorkflow(req.scope).run({
      input: { customer_id: req.shopify_customer_id, code: req.validatedBody.code },
    })
  )
  res.json(appliedReferralAnswer(result.referral))
}
