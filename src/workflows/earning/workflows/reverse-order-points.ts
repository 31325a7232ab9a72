import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { recordOrderTierReversalStep } from "../../tiers/steps/record-order-tier-reversal"
import { evaluateMemberTiersStep } from "../../tiers/steps/evaluate-member-tiers"
import { applyTierChanges } from "../../tiers/workflows/apply-tier-changes"
import { reverseOrderPointsStep } from "../steps/reverse-order-points"
import { eventPayloads, LoyaltyEvents } from "../utils/events"
import type { OrderReversalCause } from "../utils/order-reversal"

export const reverseOrderPointsWorkflowId = "kapy-reverse-order-points"

/**
 * Takes back what an order earned when money comes back: all of it on
 * cancellation, in proportion to refunds and returns otherwise (rounded
 * down, cumulative, never more than was earned). Still-pending points go
 * first. What came back also leaves the member's tier metric; a drop
 * below the tier starts its grace period (the downgrade job ends it).
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
    const member = recordOrderTierReversalStep(input)
    const changes = evaluateMemberTiersStep({ members: transform({ member }, ({ member }) => [member]) })
    applyTierChanges(changes)
    return new WorkflowResponse(result)
  }
)
