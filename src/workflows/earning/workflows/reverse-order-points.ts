import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { reverseOrderPointsStep } from "../steps/reverse-order-points"
import { eventPayloads, LoyaltyEvents } from "../utils/events"
import type { OrderReversalCause } from "../utils/order-reversal"

export const reverseOrderPointsWorkflowId = "kapy-reverse-order-points"

/**
 * Takes back what an order earned when money comes back: all of it on
 * cancellation, in proportion to refunds and returns otherwise (rounded
 * down, cumulative, never more than was earned). Still-pending points go
 * first.
 *
 * @example
 * await reverseOrderPointsWorkflow(container).run({
 *   input: { order_id: "order_123", cause: "refund" },
 * })
 */
export const reverseOrderPointsWorkflow = createWorkflow(
  reverseOrderPointsWorkflowId,
  (input: { order_id: string; cause: OrderReversalCause }) => {
    const result = reverseOrderPointsStep(input)
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_REVERSED,
      data: transform({ result }, ({ result }) => eventPayloads([result])),
    })
    return new WorkflowResponse(result)
  }
)
