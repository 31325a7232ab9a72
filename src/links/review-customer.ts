import CustomerModule from "@medusajs/medusa/customer"
import { defineLink } from "@medusajs/framework/utils"
import ReviewModule from "../modules/reviews"

/**
 * A review's writer is a Medusa customer (`customer_id`). Read-only: Query
 * joins on the column; admins see the customer, shoppers only the
 * review's display name.
 */
export default defineLink(
  { linkable: ReviewModule.linkable.review, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
