import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { fullyRefunded } from "../../../rules/refunds"
import { refundBaseOf } from "../steps/reverse-shopify-order-points"
import { returnShopifyOrderCodesWorkflow } from "../workflows/return-shopify-order-codes"
import { shopifyOrderRef } from "./refs"

/**
 * After a refund: when the order's refunds gave back every item
 * (`fullyRefunded`, against the earning's item subtotal), the cone codes it
 * used (kept on its earning) give their cones back, once. An order that
 * earned nothing has no earning to tell: its cones come back on
 * `orders/cancelled` only.
 */
export async function returnCodesOfFullyRefundedOrder(container: MedusaContainer, shop: string, orderId: string, refunded: string) {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const earned = await loyalty.findOrderEarning(shopifyOrderRef(shop, orderId))
  const metadata = (earned?.entry.metadata ?? {}) as { discount_codes?: string[] }
  if (!earned || !metadata.discount_codes?.length || !fullyRefunded({ base: refundBaseOf(metadata), given_back: refunded })) {
    return
  }
  await returnShopifyOrderCodesWorkflow(container).run({
    input: { shop_domain: shop, order_id: orderId, codes: metadata.discount_codes, cause: "refunded" },
  })
}
