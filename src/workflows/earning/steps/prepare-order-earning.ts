import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { buildPlacedOrder } from "../utils/order-earning"

export const prepareOrderEarningStepId = "kapy-prepare-order-earning"

/**
 * Reads a placed order once and works out what it earns (`earning`, null:
 * nothing) and what it counts toward the member's tier (`qualification`);
 * both null for a guest's or a cancelled order. Reads only, so nothing to
 * compensate.
 *
 * @example
 * const { earning, qualification } = prepareOrderEarningStep({ order_id: "order_123" })
 */
export const prepareOrderEarningStep = createStep(
  prepareOrderEarningStepId,
  async (input: { order_id: string; customer_id?: string }, { container }) => {
    const placed = await buildPlacedOrder(container, input.order_id, input.customer_id)
    return new StepResponse({ earning: placed?.earning ?? null, qualification: placed?.qualification ?? null })
  }
)
