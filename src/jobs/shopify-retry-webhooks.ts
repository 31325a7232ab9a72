import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_SHOPIFY_MODULE } from "../modules/shopify"
import type ShopifyModuleService from "../modules/shopify/service"
import { processShopifyDelivery } from "../workflows/shopify"

/**
 * Webhook deliveries stored but not processed (the process stopped after
 * answering, or processing failed) are processed again, up to 8 attempts.
 */
export default async function shopifyRetryWebhooksJob(container: MedusaContainer, now: Date = new Date()) {
  const shopify = container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
  if (!shopify.isConfigured()) {
    return
  }
  for (const delivery of await shopify.listPendingDeliveries({ received_before: new Date(now.getTime() - 2 * 60_000) })) {
    await processShopifyDelivery(container, delivery.id)
  }
}

export const config = {
  name: "kapy-shopify-retry-webhooks",
  schedule: "*/5 * * * *",
}
