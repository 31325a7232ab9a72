import type { MedusaContainer } from "@medusajs/framework/types"
import { shopifyModule } from "./refs"

/**
 * A Shopify order's cancellation, remembered so that it wins whatever the
 * order of deliveries: `orders/cancelled` can arrive before `orders/paid`
 * (Shopify does not order webhooks), and that `orders/paid` carries the
 * order as it was when paid, without `cancelled_at`.
 *
 * It is kept among the order's refunds as a row of its own, refund id
 * `cancelled:<order id>` and amount 0: recorded once per order by the same
 * unique index, it adds nothing to what the refunds gave back, and its
 * presence says the order is cancelled.
 */
const cancellationId = (orderId: string) => `cancelled:${orderId}`

/** Remembers that Shopify cancelled the order (once; again changes nothing). */
export async function rememberShopifyCancellation(container: MedusaContainer, shop: string, orderId: string) {
  await shopifyModule(container).recordRefund({ shop_domain: shop, refund_id: cancellationId(orderId), order_id: orderId, amount: "0" })
}

/** Whether Shopify cancelled the order, by a delivery seen before (null when not). */
export async function shopifyCancellationOf(container: MedusaContainer, shop: string, orderId: string): Promise<Date | null> {
  const [row] = await shopifyModule(container).listShopifyRefunds(
    { shop_domain: shop, refund_id: cancellationId(orderId) },
    { select: ["id", "created_at"], take: 1 }
  )
  return row ? new Date(row.created_at as any) : null
}
