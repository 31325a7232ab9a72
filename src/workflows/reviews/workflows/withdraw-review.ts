import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { decideReviewStep } from "../steps/decide-review"
import { reverseReviewPointsStep } from "../steps/reverse-review-points"

export const withdrawReviewWorkflowId = "kapy-withdraw-review"

/**
 * An admin rejects (`reason`) or deletes a review. When it stood approved,
 * its cones are reversed through the ledger (a debt is allowed) and
 * `loyalty.points_reversed` is emitted. 409 when rejecting a rejected one.
 *
 * @example
 * await withdrawReviewWorkflow(container).run({ input: { review_id: "krev_123", decision: "reject", reason: "Spam", actor_id: "user_123" } })
 */
export const withdrawReviewWorkflow = createWorkflow(
  withdrawReviewWorkflowId,
  (
    input:
      | { review_id: string; decision: "reject"; reason: string; actor_id?: string | null }
      | { review_id: string; decision: "delete"; actor_id?: string | null }
  ) => {
    const decided = decideReviewStep(input)
    const reversal = reverseReviewPointsStep(
      transform({ decided, input }, ({ decided, input }) => ({ previous: decided.previous, actor_id: input.actor_id }))
    )
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_REVERSED,
      data: transform({ reversal }, ({ reversal }) => eventPayloads([reversal])),
    })
    return new WorkflowResponse(
      transform({ decided, reversal }, ({ decided, reversal }) => ({
        review: decided.review,
        reversed_points: reversal && !reversal.replayed ? -reversal.entry.points : 0,
      }))
    )
  }
)
