export const ADMIN_REVIEW_FIELDS = [
  "id",
  "product_id",
  "customer_id",
  "display_name",
  "rating",
  "title",
  "content",
  "status",
  "verified_purchase",
  "reject_reason",
  "decided_by",
  "decided_at",
  "award_entry_id",
  "created_at",
  "updated_at",
]

export const adminReviewsQueryConfig = {
  defaults: ADMIN_REVIEW_FIELDS,
  allowed: ADMIN_REVIEW_FIELDS,
  defaultLimit: 20,
  isList: true,
}
