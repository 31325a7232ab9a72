import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { reversalTarget } from "../../../rules/earning"
import { ORDER_PAYMENT_FIELDS, paymentTotals } from "../../common/order-payments"
import { cartRedemption, programFor } from "../utils/cart-redemption"

export const returnRedeemedPointsStepId = "kapy-return-redeemed-points"

export type RedemptionReturnCause = "canceled" | "refund"

/**
 * How many of the points an order was paid with should stand returned:
 * all once it is cancelled; after refunds, the refunded share of what was
 * paid with money, rounded down and cumulative (so never more than spent).
 */
async function returnTarget(container: MedusaContainer, orderId: string, cause: RedemptionReturnCause) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({
    entity: "order",
    fields: ["id", "cart.id", ...ORDER_PAYMENT_FIELDS],
    filters: { id: orderId },
  })
  const cartId = (order as any)?.cart?.id
  if (!cartId) {
    return null
  }
  const spent = (await cartRedemption(container, cartId)).standing
  if (!spent) {
    return null
  }
  const points = Math.abs(spent.points)
  if (cause === "canceled") {
    return { entry_id: spent.id, total: points }
  }
  if ((await programFor(container)).redemption.refund_policy === "manual") {
    return null // the admin chooses what comes back, per refund
  }
  // what was paid with money: the payments, which refunds leave as they were (the order total does not)
  const { paid, refunded } = paymentTotals(order as any)
  return { entry_id: spent.id, total: reversalTarget(points, paid, refunded) }
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
