import { emitEventStep } from "@medusajs/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { LoyaltyEvents, pointsEventData } from "../../earning/utils/events"
import { cartRedemption } from "../utils/cart-redemption"

const orderRedemptionStep = createStep(
  "kapy-order-redemption",
  async ({ order_id }: { order_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [order],
    } = await query.graph({ entity: "order", fields: ["id", "cart.id"], filters: { id: order_id } })
    const cartId = (order as any)?.cart?.id
    const standing = cartId ? (await cartRedemption(container, cartId)).standing : null
    return new StepResponse(standing)
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
    const entry = orderRedemptionStep(input)
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_REDEEMED,
      data: transform({ entry, input }, ({ entry, input }) =>
        entry ? [{ ...pointsEventData(entry as any), order_id: input.order_id }] : []
      ),
    })
    return new WorkflowResponse(entry)
  }
)
