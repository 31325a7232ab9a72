import CustomerModule from "@medusajs/medusa/customer"
import { defineLink } from "@medusajs/framework/utils"
import LoyaltyModule from "../modules/loyalty"

/**
 * A member's identity points at the Medusa customer it stands for
 * (`provider: "medusa"`, the customer id in `external_id`). Read-only: no
 * link table, Query joins on the column. A Shopify identity's external id
 * matches no customer and joins nothing.
 */
export default defineLink(
  { linkable: LoyaltyModule.linkable.loyaltyIdentity, field: "external_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
