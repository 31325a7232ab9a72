import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { shopifyModule } from "../utils/refs"

export const eraseShopifyCustomerStepId = "kapy-erase-shopify-customer"

/**
 * `customers/redact`: erases the Shopify customer's member identity (and,
 * when nothing else names the account, its personal fields) and what the
 * adapter kept about them (delivery payloads, the customer id on codes).
 * The ledger is not touched: balances, reconcile and reports stay exact.
 * The adapter's rows are those of `shop_domain` (the configured shop when
 * not given). Forward only (an erasure is not undone), so no compensation.
 *
 * @example
 * eraseShopifyCustomerStep({ customer_id: "115310627314723954", shop_domain: "kapy.myshopify.com" })
 */
export const eraseShopifyCustomerStep = createStep(
  eraseShopifyCustomerStepId,
  async (input: { customer_id: string; shop_domain?: string }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const member = await loyalty.eraseMemberIdentity({ provider: "shopify", external_id: input.customer_id })
    const shopify = shopifyModule(container)
    const adapter = await shopify.eraseCustomerData(input.customer_id, input.shop_domain ?? shopify.requireOptions().shop)
    return new StepResponse({ member, adapter })
  }
)
