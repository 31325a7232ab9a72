import { emitEventStep } from "@medusajs/core-flows"
import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { LoyaltyEvents, pointsEventData } from "../../earning/utils/events"
import { orderRedemption } from "../utils/cart-redemption"

const orderRedemptionStep = createStep(
  "kapy-order-redemption",
  async ({ order_id }: { order_id: string }, { container }) => {
    const { order, redemption } = await orderRedemption(container, order_id, ["customer_id"])
    return new StepResponse(redemption ? { entry: redemption.entry, customer_id: order.customer_id ?? null } : null)
  }
)

/**
 * Announces `loyalty.points_redeemed` once an order paid with points is
 * placed — not when the points are taken, since a checkout that fails
 * afterwards gives them back and should tell nobody.
 *
 * @example
 * await announceOrderRedemptionWorkflow(container).run({ input: { order_id: "order_123" } })
 */
export const announceOrderRedemptionWorkflow = createWorkflow(
  "kapy-announce-order-redemption",
  (input: { order_id: string }) => {
    const redeemed = orderRedemptionStep(input)
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_REDEEMED,
      data: transform({ redeemed, input }, ({ redeemed, input }) =>
        redeemed ? [{ ...pointsEventData(redeemed.entry, redeemed.customer_id), order_id: input.order_id }] : []
      ),
    })
    return new WorkflowResponse(transform({ redeemed }, ({ redeemed }) => redeemed?.entry ?? null))
  }
)
