import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_SHOPIFY_MODULE } from "../../../modules/shopify"
import type ShopifyModuleService from "../../../modules/shopify/service"

export const eraseShopifyCustomersDataStepId = "kapy-erase-shopify-customers-data"

/**
 * Erases what the Shopify adapter keeps about the erased member's Shopify
 * customers (delivery payloads, the customer id on their codes), as
 * `customers/redact` does for one: an admin's erasure of a member who shops
 * on Shopify leaves nothing of them behind either. Nothing to do without
 * Shopify customers or without the adapter module. No compensation: the
 * erasure is final.
 *
 * @example
 * eraseShopifyCustomersDataStep({ shopify_customer_ids: ["115310627314723954"] })
 */
export const eraseShopifyCustomersDataStep = createStep(
  eraseShopifyCustomersDataStepId,
  async (input: { shopify_customer_ids: string[] }, { container }) => {
    const erased = { deliveries: 0, codes: 0 }
    if (!input.shopify_customer_ids.length || !container.hasRegistration(KAPY_SHOPIFY_MODULE)) {
      return new StepResponse(erased)
    }
    const shopify = container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
    let shop: string
    try {
      // the adapter serves one configured shop; without one it holds nothing of anybody
      shop = shopify.requireOptions().shop
    } catch {
      return new StepResponse(erased)
    }
    for (const customerId of input.shopify_customer_ids) {
      const { deliveries, codes } = await shopify.eraseCustomerData(customerId, shop)
      erased.deliveries += deliveries
      erased.codes += codes
    }
    return new StepResponse(erased)
  }
)
