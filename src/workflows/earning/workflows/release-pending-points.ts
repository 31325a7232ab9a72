import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { releasePendingPointsStep } from "../steps/release-pending-points"
import { LoyaltyEvents, pointsEventData } from "../utils/events"

export const releasePendingPointsWorkflowId = "kapy-release-pending-points"

/**
 * Makes points whose pending period ended spendable, and tells each member.
 *
 * @example
 * await releasePendingPointsWorkflow(container).run({ input: {} })
 */
export const releasePendingPointsWorkflow = createWorkflow(
  releasePendingPointsWorkflowId,
  (input: { now?: Date | string; batch_size?: number }) => {
    const entries = releasePendingPointsStep(input)
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_RELEASED,
      data: transform({ entries }, ({ entries }) => entries.map((r) => pointsEventData(r.entry, r.customer_id))),
    })
    return new WorkflowResponse(transform({ entries }, ({ entries }) => entries.map((r) => r.entry)))
  }
)
