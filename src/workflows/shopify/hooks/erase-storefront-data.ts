import type { MedusaContainer } from "@medusajs/framework/types"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_SHOPIFY_MODULE } from "../../../modules/shopify"
import type ShopifyModuleService from "../../../modules/shopify/service"
import {
  EraseStorefrontDataInput,
  eraseLoyaltyMemberWorkflow,
  StorefrontDataErased,
} from "../../privacy/workflows/erase-loyalty-member"

/**
 * The Shopify adapter's part of a member's erasure, plugged into the core's
 * eraseLoyaltyMemberWorkflow on its `eraseStorefrontData` hook: erases what
 * the adapter keeps about the member's Shopify customers (delivery payloads,
 * the customer id on their codes), as `customers/redact` does for one, so
 * an admin's erasure of a member who shops on Shopify leaves nothing of
 * them behind either. Nothing to do without Shopify customers or without a
 * configured shop. No compensation: the erasure is final.
 */
export async function eraseShopifyCustomersData(input: EraseStorefrontDataInput, { container }: { container: MedusaContainer }) {
  const erased: StorefrontDataErased = { deliveries: 0, codes: 0 }
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

eraseLoyaltyMemberWorkflow.hooks.eraseStorefrontData(eraseShopifyCustomersData)
