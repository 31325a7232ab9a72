import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { shopifyModule } from "./refs"

/**
 * What Kapy holds about a Shopify customer (`customers/data_request`): the
 * loyalty module's privacy export of their member (`exportMemberData`:
 * account, identities, entries, claims, referrals, consents, expiry
 * warnings, stamps), and the discount codes they bought with cones on
 * Shopify. Reads only; null when Kapy knows nothing of them.
 */
export async function exportShopifyCustomerData(container: MedusaContainer, customerId: string) {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = await loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: customerId })
  if (!account) {
    return null
  }
  const data = await loyalty.exportMemberData(account.id)
  const codes = await shopifyModule(container).listShopifyDiscountCodes({ account_id: data.account_ids })
  return {
    exported_at: new Date().toISOString(),
    shopify_customer_id: customerId,
    ...data,
    discount_codes: codes.map((c: any) => ({ code: c.code, points: c.points, amount: c.amount, currency_code: c.currency_code, status: c.status, expires_at: c.expires_at })),
  }
}
