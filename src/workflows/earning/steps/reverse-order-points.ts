import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { buildOrderReversal, OrderReversalCause } from "../utils/order-reversal"

export const reverseOrderPointsStepId = "kapy-reverse-order-points"

/**
 * Brings the reversals of an order's points up to what its cancellation,
 * refunds and returns call for. The target is cumulative and applied under
 * the account's lock, so redelivered or concurrent events never reverse
 * more. No compensation: it is the workflow's last write, and undoing a
 * reversal would hand back points for money that came back.
 */
export const reverseOrderPointsStep = createStep(
  reverseOrderPointsStepId,
  async (input: { order_id: string; cause: OrderReversalCause }, { container }) => {
    const reversal = await buildOrderReversal(container, input.order_id, input.cause)
    if (!reversal || reversal.total <= 0) {
      return new StepResponse(null)
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const result = await loyalty.reversePointsUpTo({
      entry_id: reversal.entry_id,
      total: reversal.total,
      idempotency_key: reversal.idempotency_key,
      actor_type: "system",
      actor_id: reverseOrderPointsStepId,
      note:
        input.cause === "canceled"
          ? "Order cancelled"
          : input.cause === "return"
            ? "Items returned"
            : "Order refunded",
    })
    return new StepResponse(result)
  }
)
