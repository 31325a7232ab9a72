/** What shoppers see of a review: no customer id, only the display name. */
export const STORE_REVIEW_FIELDS = ["id", "rating", "title", "content", "display_name", "verified_purchase", "created_at"]

export const storeProductReviewsQueryConfig = {
  defaults: STORE_REVIEW_FIELDS,
  allowed: STORE_REVIEW_FIELDS,
  defaultLimit: 10,
  isList: true,
}
