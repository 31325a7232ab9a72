import { z } from "@medusajs/framework/zod"
import { REVIEW_STATUSES } from "../../../rules/awards"
import { paginationParams } from "../../utils/pagination"

export const AdminGetReviewsParams = z.strictObject({
  ...paginationParams({ limit: 20, maxLimit: 200 }),
  status: z.enum(REVIEW_STATUSES).optional(),
  product_id: z.string().trim().min(1).max(100).optional(),
  /** Words in the title, text or display name. */
  q: z.string().trim().max(200).optional(),
})
export type AdminGetReviewsParamsType = z.infer<typeof AdminGetReviewsParams>

export const AdminRejectReview = z.strictObject({
  reason: z.string().trim().min(1, "reason is required").max(500, "reason must be at most 500 characters"),
})
export type AdminRejectReviewType = z.infer<typeof AdminRejectReview>
