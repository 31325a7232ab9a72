import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { KAPY_REVIEWS_MODULE } from "../../../modules/reviews"
import type { ReviewDTO } from "../../../modules/reviews/service"
import type ReviewModuleService from "../../../modules/reviews/service"
import { reviewAwardKey } from "../../../rules/awards"
import { voidOnFailure } from "../../common/void-on-failure"

export const awardReviewPointsStepId = "kapy-award-review-points"

/**
 * Credits the program's `review_points` for an approved review, once per
 * product per customer: the key is the customer and product, so a second
 * approved review of the same product (after a delete) replays the first
 * award and credits nothing. Notes the entry on the review. Compensation:
 * the entry is voided (a replay undoes nothing).
 *
 * @example
 * awardReviewPointsStep({ review: approvedReview, actor_id: "user_123" })
 */
export const awardReviewPointsStep = createStep(
  awardReviewPointsStepId,
  async (input: { review: ReviewDTO; actor_id?: string | null }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const points = (await loyalty.retrieveProgramSettings()).earning.review_points
    if (points <= 0) {
      return new StepResponse(null, null)
    }
    const result = await loyalty.earnPoints({
      customer_id: input.review.customer_id,
      points,
      reason: "review",
      idempotency_key: reviewAwardKey(input.review.customer_id, input.review.product_id),
      source_type: "review",
      source_id: input.review.id,
      note: "Product review",
      actor_type: input.actor_id ? "user" : "system",
      actor_id: input.actor_id ?? awardReviewPointsStepId,
    })
    await container
      .resolve<ReviewModuleService>(KAPY_REVIEWS_MODULE)
      .setReviewAward({ review_id: input.review.id, entry_id: result.entry.id })
    return new StepResponse(result, result.replayed ? null : result.entry.id)
  },
  voidOnFailure(awardReviewPointsStepId)
)
