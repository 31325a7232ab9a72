import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { RedemptionReturnCause, returnRedeemedPointsStep } from "../steps/return-redeemed-points"

/**
 * Returns the points an order was paid with: all on cancellation, in
 * proportion to money refunded otherwise.
 *
 * @example
 * await returnRedeemedPointsWorkflow(container).run({
 *   input: { order_id: "order_123", cause: "canceled" },
 * })
 */
export const returnRedeemedPointsWorkflow = createWorkflow(
  "kapy-return-redeemed-points",
  (input: { order_id: string; cause: RedemptionReturnCause }) => {
    const result = returnRedeemedPointsStep(input)
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_REVERSED,
      data: transform({ result }, ({ result }) => eventPayloads([result])),
    })
    return new WorkflowResponse(result)
  }
)
