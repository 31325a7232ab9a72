import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { OrderReversalCause } from "../../../rules/refunds"
import { buildOrderTierReversal } from "../utils/order-qualification"

export const recordOrderTierReversalStepId = "kapy-record-order-tier-reversal"

/**
 * Brings what an order's cancellation, refunds and returns take back from
 * its customer's tier metric up to date (cumulative, under the account's
 * lock: redelivered or concurrent events never take more). Returns the
 * member to evaluate, or null. No compensation: like the points reversal,
 * it records money that came back.
 *
 * @example
 * const member = recordOrderTierReversalStep({ order_id: "order_123", cause: "refund" })
 */
export const recordOrderTierReversalStep = createStep(
  recordOrderTierReversalStepId,
  async (input: { order_id: string; cause: OrderReversalCause }, { container }) => {
    const reversal = await buildOrderTierReversal(container, input.order_id, input.cause)
    if (!reversal) {
      return new StepResponse(null)
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const recorded = await loyalty.recordTierReversal({
      member: { customer_id: reversal.customer_id },
      source_type: "order",
      source_id: reversal.order_id,
      total_amount: reversal.total_amount,
      currency_code: reversal.currency_code,
      fully_reversed: reversal.fully_reversed,
      occurred_at: reversal.placed_at,
    })
    return new StepResponse(recorded ? { customer_id: reversal.customer_id } : null)
  }
)
