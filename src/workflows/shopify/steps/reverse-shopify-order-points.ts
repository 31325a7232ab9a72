import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { orderReversalTarget } from "../../../rules/refunds"
import { shopifyOrderRef } from "../utils/refs"

export const reverseShopifyOrderPointsStepId = "kapy-reverse-shopify-order-points"

export type ShopifyReversalInput = {
  shop_domain: string
  order_id: string
  cause: "canceled" | "refund"
  /**
   * What the order's refunds gave back so far, for `refund`: the sum of
   * `refundedItemsValue` of every refund recorded, in the measure of the
   * earning's `item_subtotal` (items after discounts, in the shop's currency).
   */
  refunded?: string
}

/**
 * Brings the reversals of a Shopify order's points up to what its
 * cancellation or refunds call for, by the same rule as Medusa orders
 * (`orderReversalTarget`: all when cancelled, else the refunded items'
 * share of the order's item subtotal, rounded down). The target is cumulative and
 * applied under the account's lock, so two refunds arriving together, or
 * one delivered twice, never reverse more than was earned. No
 * compensation: the workflow's last write.
 *
 * @example
 * reverseShopifyOrderPointsStep({ shop_domain, order_id: "820982911946154508", cause: "refund", refunded: "16.63" })
 */
export const reverseShopifyOrderPointsStep = createStep(
  reverseShopifyOrderPointsStepId,
  async (input: ShopifyReversalInput, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const ref = shopifyOrderRef(input.shop_domain, input.order_id)
    const earned = await loyalty.findOrderEarning(ref)
    if (!earned || earned.points <= 0) {
      return new StepResponse(null)
    }
    const total = orderReversalTarget({
      cause: input.cause,
      earned_points: earned.points,
      base: refundBaseOf(earned.entry.metadata),
      given_back: input.refunded ?? 0,
    })
    if (total <= 0) {
      return new StepResponse(null)
    }
    const result = await loyalty.reversePointsUpTo({
      entry_id: earned.entry.id,
      total,
      idempotency_key: `order-reversal:${ref}:${total}`,
      actor_type: "system",
      actor_id: reverseShopifyOrderPointsStepId,
      note: input.cause === "canceled" ? "Shopify order cancelled" : "Shopify order refunded",
    })
    return new StepResponse(result)
  }
)

/** What an earning's refunds are measured against: its item subtotal (earnings before it was kept: the base that earned). */
export function refundBaseOf(metadata: unknown): string {
  const m = (metadata ?? {}) as { item_subtotal?: string; base_amount?: string }
  return String(m.item_subtotal ?? m.base_amount ?? "0")
}
