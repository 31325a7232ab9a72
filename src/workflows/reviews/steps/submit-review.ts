import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_REVIEWS_MODULE } from "../../../modules/reviews"
import type ReviewModuleService from "../../../modules/reviews/service"
import type { SubmitReviewInput } from "../../../modules/reviews/service"

export const submitReviewStepId = "kapy-submit-review"

/**
 * Writes the customer's review of a product, or new text for their pending
 * one. Compensation: a new review goes, an edited one gets its text back.
 *
 * @example
 * submitReviewStep({ product_id: "prod_123", customer_id: "cus_123", display_name: "Aino K.", rating: 5, title: "Warm", content: "…", verified_purchase: true })
 */
export const submitReviewStep = createStep(
  submitReviewStepId,
  async (input: SubmitReviewInput, { container }) => {
    const reviews = container.resolve<ReviewModuleService>(KAPY_REVIEWS_MODULE)
    const { review, previous } = await reviews.submitReview(input)
    return new StepResponse(review, { review_id: review.id, previous })
  },
  async (undo, { container }) => {
    if (undo) {
      await container.resolve<ReviewModuleService>(KAPY_REVIEWS_MODULE).undoSubmitReview(undo)
    }
  }
)
