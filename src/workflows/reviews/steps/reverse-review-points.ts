import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { ReviewDTO } from "../../../modules/reviews/service"
import { voidOnFailure } from "../../common/void-on-failure"

export const reverseReviewPointsStepId = "kapy-reverse-review-points"

/**
 * Takes back the cones of a review that stood approved before it was
 * rejected or deleted, through the ledger's reversal (the balance may go
 * negative, as for refunds). Once per award entry: a second rejection
 * reverses nothing more. Compensation: the reversal is voided.
 *
 * @example
 * reverseReviewPointsStep({ previous: reviewBeforeRejection, actor_id: "user_123" })
 */
export const reverseReviewPointsStep = createStep(
  reverseReviewPointsStepId,
  async (input: { previous: ReviewDTO; actor_id?: string | null }, { container }) => {
    const { previous } = input
    if (previous.status !== "approved" || !previous.award_entry_id) {
      return new StepResponse(null, null)
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const result = await loyalty.reversePointsUpTo({
      entry_id: previous.award_entry_id,
      total: 1_000_000_000,
      idempotency_key: `review-reversal:${previous.award_entry_id}`,
      source_type: "review",
      source_id: previous.id,
      note: "Review rejected or deleted",
      actor_type: input.actor_id ? "user" : "system",
      actor_id: input.actor_id ?? reverseReviewPointsStepId,
    })
    return new StepResponse(result, result && !result.replayed ? result.entry.id : null)
  },
  voidOnFailure(reverseReviewPointsStepId)
)
