import type { MedusaResponse } from "@medusajs/framework/http"
import { conflictError } from "../../../../../modules/loyalty/errors"
import { applyShopifyReferralCodeWorkflow } from "../../../../../workflows/shopify"
import { friendReferralView } from "../../../../utils/referral-views"
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
  const { referral } = result
  if (referral.status === "rejected" && referral.reason === "friend_has_orders") {
    throw conflictError("A referral code can only be applied before your first order")
  }
  const view = friendReferralView(referral)
  res.json({
    referral: view,
    message:
      view.status === "not_eligible"
        ? "Thanks! This code cannot give a welcome reward to this account."
        : "Welcome! Your friend's code is applied.",
  })
}
