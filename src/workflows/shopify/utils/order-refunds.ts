import type { MedusaContainer } from "@medusajs/framework/types"
import { shopifyId } from "../../../rules/shopify-orders"
import { reverseShopifyOrderPointsWorkflow } from "../workflows/reverse-shopify-order-points"
import { shopifyModule } from "./refs"

/**
 * Records an order's refunds as read from the Admin API (each once, by
 * id) and brings the order's reversal up to the refunded total. Returns 1
 * when cones were reversed, else 0.
 */
export async function awardShopifyOrderRefunds(
  container: MedusaContainer,
  shop: string,
  orderId: string,
  refunds: { id: string; totalRefundedSet?: { shopMoney?: { amount?: string } } }[]
): Promise<number> {
  if (!refunds.length) {
    return 0
  }
  const shopify = shopifyModule(container)
  let refunded = "0"
  for (const refund of refunds) {
    ;({ refunded } = await shopify.recordRefund({
      shop_domain: shop,
      refund_id: shopifyId(refund.id)!,
      order_id: orderId,
      amount: String(refund.totalRefundedSet?.shopMoney?.amount ?? "0"),
    }))
  }
  const { result } = await reverseShopifyOrderPointsWorkflow(container).run({
    input: { shop_domain: shop, order_id: orderId, cause: "refund", refunded },
  })
  return result && !result.replayed ? 1 : 0
}
