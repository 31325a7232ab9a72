import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const reverseOrderStampsStepId = "kapy-reverse-order-stamps"

/**
 * Takes back the stamps of a cancelled order, once. No compensation: the
 * order stays cancelled.
 *
 * @example
 * reverseOrderStampsStep({ order_id: "order_123" })
 */
export const reverseOrderStampsStep = createStep(reverseOrderStampsStepId, async (input: { order_id: string }, { container }) => {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  return new StepResponse(await loyalty.reverseOrderStamps(input))
})
