import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { KAPY_REVIEWS_MODULE } from "../../../modules/reviews"
import type ReviewModuleService from "../../../modules/reviews/service"

export const eraseCustomerReviewsStepId = "kapy-erase-customer-reviews"

/**
 * Removes the name from the customers' reviews, or removes the reviews, as
 * the program's `privacy.reviews_on_erasure` says. Award entries stay. No
 * compensation: the erasure is final.
 *
 * @example
 * eraseCustomerReviewsStep({ customer_ids: ["cus_123"] })
 */
export const eraseCustomerReviewsStep = createStep(
  eraseCustomerReviewsStepId,
  async (input: { customer_ids: string[] }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const reviews = container.resolve<ReviewModuleService>(KAPY_REVIEWS_MODULE)
    const mode = (await loyalty.retrieveProgramSettings()).privacy.reviews_on_erasure
    const changed = await reviews.eraseCustomerReviews({ customer_ids: input.customer_ids, mode })
    return new StepResponse({ mode, reviews: changed })
  }
)
