import type { MedusaResponse } from "@medusajs/framework/http"
import { redeemShopifyPointsWorkflow } from "../../../../workflows/shopify"
import { runForRoute } from "../../../utils/run-workflow"
import type { ShopifyProxyRequest } from "../../utils"
import type { ShopifyRedeemType } from "../../validators"
import { loadShopifyMeView } from "../views"

/**
 * Pays with cones on Shopify: spends them under the redemption rules and
 * answers with a single-use discount code for this customer only, and the
 * `/discount/CODE` link that applies it to the shopper's cart. 409 when the
 * cones are not enough (nothing spent, no code); 502 when Shopify did not
 * create the code (the cones are back).
 */
export const POST = async (req: ShopifyProxyRequest<ShopifyRedeemType> & { validatedBody: ShopifyRedeemType }, res: MedusaResponse) => {
  let result
  try {
    ;({ result } = await runForRoute(
      redeemShopifyPointsWorkflow(req.scope).run({
        input: { customer_id: req.shopify_customer_id, points: req.validatedBody.points },
      })
    ))
  } catch (error: any) {
    if (error?.type === "unexpected_state" && /Shopify/.test(String(error?.message))) {
      return res.status(502).json({ type: "shopify_error", message: error.message })
    }
    throw error
  }
  const { code } = result
  res.status(201).json({
    discount: {
      code: code.code,
      url: `/discount/${encodeURIComponent(code.code)}`,
      points: code.points,
      amount: Number(code.amount),
      currency_code: code.currency_code,
      expires_at: code.expires_at,
    },
    account: (await loadShopifyMeView(req.scope, req.shopify_customer_id)).account,
  })
}
