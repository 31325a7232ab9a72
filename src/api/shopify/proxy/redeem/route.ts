import type { MedusaResponse } from "@medusajs/framework/http"
import { generateEntityId } from "@medusajs/framework/utils"
import { redeemShopifyPointsWorkflow } from "../../../../workflows/shopify"
import { runForRoute } from "../../../utils/run-workflow"
import type { ShopifyProxyRequest } from "../../utils"
import type { ShopifyRedeemType } from "../../validators"
import { loadShopifyMeView } from "../views"

/**
 * Pays with cones on Shopify: spends them under the redemption rules and
 * answers with what the program's `shopify_redemption` gives — a
 * single-use discount code for this customer only with the `/discount/CODE`
 * link that applies it to the shopper's cart, or the amount added to the
 * customer's store credit (`redemption` says which). A retry with the same
 * `idempotency_key` answers the credit it made (200) and takes nothing
 * more. 409 when the cones are not enough (nothing spent, nothing made);
 * 502 when Shopify did not make the code or credit (the cones are back).
 */
export const POST = async (req: ShopifyProxyRequest<ShopifyRedeemType> & { validatedBody: ShopifyRedeemType }, res: MedusaResponse) => {
  const requestKey = req.validatedBody.idempotency_key ?? (req.get("idempotency-key") || undefined) ?? generateEntityId(undefined, "redeem")
  let result
  try {
    ;({ result } = await runForRoute(
      redeemShopifyPointsWorkflow(req.scope).run({
        input: { customer_id: req.shopify_customer_id, points: req.validatedBody.points, request_key: requestKey },
      })
    ))
  } catch (error: any) {
    if (error?.type === "unexpected_state" && /Shopify/.test(String(error?.message))) {
      return res.status(502).json({ type: "shopify_error", message: error.message })
    }
    throw error
  }
  const account = (await loadShopifyMeView(req.scope, req.shopify_customer_id)).account
  if (result.kind === "store_credit") {
    const credit = result.credit!
    return res.status(result.replayed ? 200 : 201).json({
      redemption: "store_credit",
      store_credit: {
        points: credit.points,
        amount: Number(credit.amount),
        currency_code: credit.currency_code,
        expires_at: credit.expires_at,
      },
      account,
    })
  }
  const code = result.code!
  res.status(201).json({
    redemption: "discount_code",
    discount: {
      code: code.code,
      url: `/discount/${encodeURIComponent(code.code)}`,
      points: code.points,
      amount: Number(code.amount),
      currency_code: code.currency_code,
      expires_at: code.expires_at,
    },
    account,
  })
}
