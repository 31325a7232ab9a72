import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { awardReviewPointsStep } from "../steps/award-review-points"
import { decideReviewStep } from "../steps/decide-review"

export const approveReviewWorkflowId = "kapy-approve-review"

/**
 * Approves a review and credits its writer the program's `review_points`,
 * once per product per customer. Emits `loyalty.review_approved` (and
 * `loyalty.points_earned` when cones were credited). 409 when the review
 * is already approved.
 *
 * @example
 * await approveReviewWorkflow(container).run({ input: { review_id: "krev_123", actor_id: "user_123" } })
 */
export const approveReviewWorkflow = createWorkflow(
  approveReviewWorkflowId,
  (input: { review_id: string; actor_id?: string | null }) => {
    const decided = decideReviewStep(
      transform({ input }, ({ input }) => ({ review_id: input.review_id, decision: "approve" as const, actor_id: input.actor_id }))
    )
    const result = awardReviewPointsStep(
      transform({ decided, input }, ({ decided, input }) => ({ review: decided.review, actor_id: input.actor_id }))
    )
    const review = transform({ decided, result }, ({ decided, result }) => ({
      ...decided.review,
      award_entry_id: result?.entry.id ?? null,
    }))
    emitEventStep({
      eventName: LoyaltyEvents.REVIEW_APPROVED,
      data: transform({ review, result }, ({ review, result }) => ({
        review_id: review.id,
        product_id: review.product_id,
        customer_id: review.customer_id,
        account_id: result?.account.id ?? null,
        points: result && !result.replayed ? result.entry.points : 0,
        entry_id: result?.entry.id ?? null,
      })),
    }).config({ name: "emit-review-approved" })
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_EARNED,
      data: transform({ result }, ({ result }) => eventPayloads([result])),
    }).config({ name: "emit-review-points-earned" })
    return new WorkflowResponse(review)
  }
)
