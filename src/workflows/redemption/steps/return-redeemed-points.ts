import type { MedusaContainer } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { redeemedPointsToReturn, RedemptionReturnCause } from "../../../rules/refunds"
import { ORDER_PAYMENT_FIELDS, paymentTotals } from "../../common/order-payments"
import { orderRedemption, programFor } from "../utils/cart-redemption"

export const returnRedeemedPointsStepId = "kapy-return-redeemed-points"

export type { RedemptionReturnCause }

/**
 * How many of the points an order was paid with should stand returned, by
 * the rule `redeemedPointsToReturn`; null when the order paid with no
 * points or the refund policy leaves it to the admin.
 */
async function returnTarget(container: MedusaContainer, orderId: string, cause: RedemptionReturnCause) {
  const { order, redemption } = await orderRedemption(container, orderId, ORDER_PAYMENT_FIELDS)
  if (!redemption) {
    return null
  }
  const { paid, refunded } = paymentTotals(order)
  const total = redeemedPointsToReturn({
    cause,
    spent_points: redemption.points,
    policy: (await programFor(container)).redemption.refund_policy,
    paid,
    refunded,
  })
  return total === null ? null : { entry_id: redemption.entry.id, total }
}

/**
 * Gives the member back the points an order was paid with, up to what its
 * cancellation or refunds call for; a redelivered event gives nothing more.
 * No compensation: it is the workflow's last write.
 */
export const returnRedeemedPointsStep = createStep(
  returnRedeemedPointsStepId,
  async (input: { order_id: string; cause: RedemptionReturnCause }, { container }) => {
    const target = await returnTarget(container, input.order_id, input.cause)
    if (!target || target.total <= 0) {
      return new StepResponse(null)
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const result = await loyalty.reversePointsUpTo({
      entry_id: target.entry_id,
      total: target.total,
      idempotency_key: `redemption-return:${input.order_id}:${target.total}`,
      source_type: "order",
      source_id: input.order_id,
      actor_type: "system",
      actor_id: returnRedeemedPointsStepId,
      note: input.cause === "canceled" ? "Order cancelled: points returned" : "Order refunded: points returned",
    })
    return new StepResponse(result)
  }
)
