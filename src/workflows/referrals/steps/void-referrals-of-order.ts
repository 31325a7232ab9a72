import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { ReferralVoidReason } from "../../../rules/referrals"
import { ORDER_PAYMENT_FIELDS, paymentTotals } from "../../common/order-payments"

export const voidReferralsOfOrderStepId = "kapy-void-referrals-of-order"

/**
 * Why an order no longer qualifies a referral: it was cancelled, or its
 * payments were refunded in full. Null while it stands (a partial refund
 * leaves it standing).
 */
export async function orderGivenBack(container: any, orderId: string): Promise<ReferralVoidReason | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({ entity: "order", fields: ["id", "status", ...ORDER_PAYMENT_FIELDS], filters: { id: orderId } })
  if (!order || order.status === "canceled") {
    return "order_canceled"
  }
  const { paid, refunded } = paymentTotals(order as any)
  return MathBN.gt(paid, 0) && MathBN.gte(refunded, paid) ? "order_refunded" : null
}

/**
 * Voids the pending referrals an order qualified, when the order was
 * cancelled or fully refunded: the referrer gets nothing. The workflow's
 * last write: no compensation.
 *
 * @example
 * voidReferralsOfOrderStep({ order_id: "order_123" })
 */
export const voidReferralsOfOrderStep = createStep(
  voidReferralsOfOrderStepId,
  async (input: { order_id: string }, { container }) => {
    const reason = await orderGivenBack(container, input.order_id)
    if (!reason) {
      return new StepResponse([])
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse(await loyalty.voidReferralsOfOrder({ order_id: input.order_id, reason }))
  }
)
