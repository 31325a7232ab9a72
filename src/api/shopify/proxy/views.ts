import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { MemberContext } from "../../../types/loyalty"
import { loadMemberViews } from "../../utils/account-view"

/**
 * A Shopify customer's account and referrals in the very shape of
 * `GET /store/loyalty/me` (the same loaders), so the storefront widgets
 * work on a Shopify theme, and what paying with cones gives here
 * (`redemption`: the program's `shopify_redemption`, "discount_code" or
 * "store_credit"). Reads only: a customer Kapy has not met yet is a member
 * with nothing yet.
 */
export async function loadShopifyMeView(scope: MedusaContainer, shopifyCustomer: string | MemberContext, language?: string | null) {
  const loyalty = scope.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  // the member once (one statement); the program from its cache, by the generation that statement saw
  const member =
    typeof shopifyCustomer === "string"
      ? await loyalty.retrieveMemberContext({ provider: "shopify", external_id: shopifyCustomer })
      : shopifyCustomer
  const [views, { settings }] = await Promise.all([
    loadMemberViews(scope, member, { language }),
    loyalty.retrieveProgram({ token: member.program_token }),
  ])
  return { ...views, redemption: settings.redemption.shopify_redemption }
}
