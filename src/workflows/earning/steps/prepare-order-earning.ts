import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { buildOrderEarning } from "../utils/order-earning"

export const prepareOrderEarningStepId = "kapy-prepare-order-earning"

/** Works out what an order earns (null: nothing). Reads only, so nothing to compensate. */
export const prepareOrderEarningStep = createStep(
  prepareOrderEarningStepId,
  async (input: { order_id: string; customer_id?: string }, { container }) => {
    return new StepResponse(await buildOrderEarning(container, input.order_id, input.customer_id))
  }
)
