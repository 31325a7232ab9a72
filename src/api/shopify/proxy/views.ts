import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { loadMemberAccountView, loadMemberReferralsView } from "../../utils/account-view"

/**
 * A Shopify customer's account and referrals in the very shape of
 * `GET /store/loyalty/me` (the same loaders), so the storefront widgets
 * work on a Shopify theme, and what paying with cones gives here
 * (`redemption`: the program's `shopify_redemption`, "discount_code" or
 * "store_credit"). Reads only: a customer Kapy has not met yet is a member
 * with nothing yet.
 */
export async function loadShopifyMeView(scope: MedusaContainer, shopifyCustomerId: string, language?: string | null) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const account = await loyalty.retrieveMemberByIdentity({ provider: "shopify", external_id: shopifyCustomerId })
  const [view, referrals, settings] = await Promise.all([
    loadMemberAccountView(scope, account, { language }),
    loadMemberReferralsView(scope, account),
    loyalty.retrieveProgramSettings(),
  ])
  return { account: view, referrals, redemption: settings.redemption.shopify_redemption }
}
