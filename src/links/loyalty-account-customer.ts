import CustomerModule from "@medusajs/medusa/customer"
import { defineLink } from "@medusajs/framework/utils"
import LoyaltyModule from "../modules/loyalty"

/**
 * A loyalty account belongs to a customer. Read-only: the account already
 * stores `customer_id`, so Query can join customers without a link table.
 */
export default defineLink(
  { linkable: LoyaltyModule.linkable.loyaltyAccount, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
