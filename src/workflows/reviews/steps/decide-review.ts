import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_REVIEWS_MODULE } from "../../../modules/reviews"
import type { ReviewDTO } from "../../../modules/reviews/service"
import type ReviewModuleService from "../../../modules/reviews/service"

export const decideReviewStepId = "kapy-decide-review"

export type ReviewDecisionInput =
  | { review_id: string; decision: "approve"; actor_id?: string | null }
  | { review_id: string; decision: "reject"; reason: string; actor_id?: string | null }
  | { review_id: string; decision: "delete"; actor_id?: string | null }

/**
 * Approves, rejects or deletes a review under its row lock (409 when it is
 * already so decided, so two admins at once decide it once). Answers the
 * review and how it stood before. Compensation: the review as it stood.
 *
 * @example
 * decideReviewStep({ review_id: "krev_123", decision: "reject", reason: "Off topic", actor_id: "user_123" })
 */
export const decideReviewStep = createStep(
  decideReviewStepId,
  async (input: ReviewDecisionInput, { container }) => {
    const reviews = container.resolve<ReviewModuleService>(KAPY_REVIEWS_MODULE)
    const decided =
      input.decision === "approve"
        ? await reviews.approveReview(input)
        : input.decision === "reject"
          ? await reviews.rejectReview(input)
          : await reviews.removeReview(input)
    return new StepResponse(decided, decided.previous)
  },
  async (previous: ReviewDTO | undefined, { container }) => {
    if (previous) {
      await container.resolve<ReviewModuleService>(KAPY_REVIEWS_MODULE).restoreReviewDecision(previous)
    }
  }
)
