import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { shopifyIdentity } from "../utils/refs"

export const ensureShopifyMemberStepId = "kapy-ensure-shopify-member"

/**
 * The member a Shopify customer is: their account, made with its identity
 * on first need, or the account of the Medusa customer with the same
 * verified email when the shop joins them. Safe to repeat; nothing to
 * compensate (an account without entries holds nothing).
 *
 * @example
 * const account = ensureShopifyMemberStep({ id: "115310627314723954", email: "aino@example.com", verified_email: true })
 */
export const ensureShopifyMemberStep = createStep(
  ensureShopifyMemberStepId,
  async (customer: { id: string; email?: string | null; verified_email?: boolean }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse(await loyalty.ensureMember(shopifyIdentity(container, customer)))
  }
)
