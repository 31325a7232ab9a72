import type { MedusaContainer } from "@medusajs/framework/types"
import type { ShopifyAdminClient } from "../../../modules/shopify/admin-client"
import { refundedItemsValue, type RefundedLine } from "../../../rules/refunds"
import { shopifyId } from "../../../rules/shopify-orders"
import { reverseShopifyOrderPointsWorkflow } from "../workflows/reverse-shopify-order-points"
import { REFUND_LINE_ITEMS, REFUND_LINES_PER_PAGE } from "./graphql"
import { returnCodesOfFullyRefundedOrder } from "./order-codes"
import { shopifyModule } from "./refs"

/**
 * Records the refunds of an order read from the Admin API that no webhook
 * recorded, each valued as `refunds/create` values it: its refunded items
 * (`refundedItemsValue` over its `refundLineItems`, read page by page in
 * the shop's currency), never its money (shipping and tax given back alone
 * are worth nothing). Then brings the order's reversal up to the refunded
 * total and, once every item is back, returns the cone codes it used.
 * Returns 1 when cones were reversed, else 0.
 */
export async function awardShopifyOrderRefunds(
  container: MedusaContainer,
  shop: string,
  orderId: string,
  refunds: { id: string }[]
): Promise<number> {
  if (!refunds.length) {
    return 0
  }
  const shopify = shopifyModule(container)
  const recorded = new Set(await shopify.listRefundIds(shop, orderId))
  const missed = refunds.filter((refund) => !recorded.has(shopifyId(refund.id)!))
  if (!missed.length) {
    return 0
  }
  let refunded = "0"
  for (const refund of missed) {
    const lines = await readRefundLines(shopify.admin(), refund.id)
    ;({ refunded } = await shopify.recordRefund({
      shop_domain: shop,
      refund_id: shopifyId(refund.id)!,
      order_id: orderId,
      amount: refundedItemsValue(lines),
      currency_code: null,
    }))
  }
  const { result } = await reverseShopifyOrderPointsWorkflow(container).run({
    input: { shop_domain: shop, order_id: orderId, cause: "refund", refunded },
  })
  await returnCodesOfFullyRefundedOrder(container, shop, orderId, refunded)
  return result && !result.replayed ? 1 : 0
}

/** A refund's item lines, every page of them, as the refund rule reads them. */
async function readRefundLines(admin: ShopifyAdminClient, refundId: string): Promise<RefundedLine[]> {
  const lines: RefundedLine[] = []
  let after: string | null = null
  do {
    const { data } = await admin.request<any>(REFUND_LINE_ITEMS, { id: refundId, first: REFUND_LINES_PER_PAGE, after })
    const page = data?.refund?.refundLineItems
    for (const line of page?.nodes ?? []) {
      lines.push({ subtotal: String(line.subtotalSet?.shopMoney?.amount ?? "0"), gift_card: line.lineItem?.isGiftCard === true })
    }
    after = page?.pageInfo?.hasNextPage ? page.pageInfo.endCursor : null
  } while (after)
  return lines
}
