import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_SHOPIFY_MODULE } from "../../../modules/shopify"
import type ShopifyModuleService from "../../../modules/shopify/service"
import type { MemberIdentityInput } from "../../../types/loyalty"

/**
 * How the ledger names a Shopify order: `shopify:<shop>:<order id>`, the
 * id its earning is keyed by (`order:` + this) and that `findOrderEarning`
 * answers for, as for a Medusa order id. Medusa's ids (`order_…`) never
 * look like this.
 */
export const shopifyOrderRef = (shopDomain: string, orderId: string) => `shopify:${shopDomain}:${orderId}`

export function shopifyModule(container: MedusaContainer) {
  return container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
}

/**
 * A Shopify customer as a member identity. Shopify's `verified_email` counts
 * only when the shop lets verified emails join accounts
 * (`join_by_verified_email`); the account then is the one of a Medusa
 * customer with the same verified email.
 */
export function shopifyIdentity(
  container: MedusaContainer,
  customer: { id: string; email?: string | null; verified_email?: boolean }
): MemberIdentityInput {
  const options = shopifyModule(container).requireOptions()
  return {
    provider: "shopify",
    external_id: customer.id,
    ...(customer.email !== undefined ? { email: customer.email } : {}),
    email_verified: options.join_by_verified_email && customer.verified_email === true,
  }
}
