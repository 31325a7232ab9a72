import { z } from "@medusajs/framework/zod"
import { REVIEW_CONTENT_MAX, REVIEW_TITLE_MAX } from "../../../rules/awards"
import { paginationParams } from "../../utils/pagination"

/**
 * A review as a shopper posts it. The ceilings here are the hard ones; the
 * program's abuse limits may be lower, checked after HTML is removed.
 */
export const StorePostProductReview = z.strictObject({
  rating: z.number({ error: "rating must be a whole number from 1 to 5" }).int("rating must be a whole number from 1 to 5").min(1, "rating must be at least 1").max(5, "rating must be at most 5"),
  title: z.string().trim().min(1, "title is required").max(REVIEW_TITLE_MAX, `title must be at most ${REVIEW_TITLE_MAX} characters`),
  content: z.string().trim().min(1, "content is required").max(REVIEW_CONTENT_MAX, `content must be at most ${REVIEW_CONTENT_MAX} characters`),
})
export type StorePostProductReviewType = z.infer<typeof StorePostProductReview>

export const StoreGetProductReviewsParams = z.strictObject({
  ...paginationParams({ limit: 10, maxLimit: 100 }),
  /** newest first by default; `rating` / `-rating` by stars */
  order: z.enum(["created_at", "-created_at", "rating", "-rating"]).optional().default("-created_at"),
})
export type StoreGetProductReviewsParamsType = z.infer<typeof StoreGetProductReviewsParams>
