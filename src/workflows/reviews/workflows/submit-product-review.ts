import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { gatherReviewFactsStep, ReviewPostInput } from "../steps/gather-review-facts"
import { submitReviewStep } from "../steps/submit-review"
import { approveReviewWorkflow } from "./approve-review"

export const submitProductReviewWorkflowId = "kapy-submit-product-review"

/**
 * A logged-in customer reviews a product (or edits their pending review):
 * the text is stored as plain text within the program's limits, marked
 * `verified_purchase` when they bought the product, and approved at once
 * (with its cones) when the program auto-approves reviews.
 *
 * @example
 * await submitProductReviewWorkflow(container).run({
 *   input: { product_id: "prod_123", customer_id: "cus_123", rating: 5, title: "Warm", content: "Lovely slippers" },
 * })
 */
export const submitProductReviewWorkflow = createWorkflow(
  submitProductReviewWorkflowId,
  (input: ReviewPostInput) => {
    const facts = gatherReviewFactsStep(input)
    const review = submitReviewStep(
      transform({ facts }, ({ facts }) => {
        const { auto_approve, ...review } = facts
        return review
      })
    )
    const approved = when({ facts }, ({ facts }) => facts.auto_approve).then(() =>
      approveReviewWorkflow.runAsStep({ input: transform({ review }, ({ review }) => ({ review_id: review.id, actor_id: null })) })
    )
    return new WorkflowResponse(transform({ review, approved }, ({ review, approved }) => approved ?? review))
  }
)
