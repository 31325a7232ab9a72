import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_SHOPIFY_MODULE } from "../modules/shopify"
import type ShopifyModuleService from "../modules/shopify/service"
import { syncShopifyTierDiscounts, whileShopifyReachable } from "../workflows/shopify"

/**
 * Keeps one automatic discount per tier on Shopify in step with the tiers'
 * percentages (nothing without the adapter; with Shopify unreachable, the
 * next run, and one warning per outage).
 */
export default async function shopifySyncTierDiscountsJob(container: MedusaContainer) {
  const shopify = container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
  if (!shopify.isConfigured()) {
    return null
  }
  const done = await whileShopifyReachable(container, shopify.requireOptions().shop, "the sync of tier discounts", () => syncShopifyTierDiscounts(container))
  if (done && done.created + done.updated + done.deleted) {
    container.resolve("logger").info(`kapy: Shopify tier discounts created ${done.created}, updated ${done.updated}, deleted ${done.deleted}`)
  }
  return done
}

export const config = {
  name: "kapy-shopify-sync-tier-discounts",
  schedule: "17 * * * *",
  // the tests run jobs when they ask (runScheduledJob), never on the clock
  numberOfExecutions: process.env.KAPY_JOBS_OFF_THE_CLOCK === "true" ? 0 : undefined,
}
