import ProductModule from "@medusajs/medusa/product"
import { defineLink } from "@medusajs/framework/utils"
import ReviewModule from "../modules/reviews"

/**
 * A review is of a Medusa product (`product_id`). Read-only: no link table,
 * Query joins on the column (`fields: ["*", "product.title"]`).
 */
export default defineLink(
  { linkable: ReviewModule.linkable.review, field: "product_id" },
  ProductModule.linkable.product,
  { readOnly: true }
)
