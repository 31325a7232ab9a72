import type { ScheduledJobContext } from "@medusajs/framework/jobs"
import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_SHOPIFY_MODULE } from "../modules/shopify"
import type ShopifyModuleService from "../modules/shopify/service"
import { processShopifyDelivery } from "../workflows/shopify"

/**
 * Webhook deliveries stored but not processed (the process stopped after
 * answering, or processing failed) are processed again, up to 8 attempts,
 * once they are two minutes older than the moment the run was scheduled for.
 */
export default async function shopifyRetryWebhooksJob(container: MedusaContainer, context?: ScheduledJobContext) {
  const now = context?.scheduledFor ?? new Date()
  const shopify = container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
  if (!shopify.isConfigured()) {
    return []
  }
  const statuses: (string | null)[] = []
  for (const delivery of await shopify.listPendingDeliveries({ received_before: new Date(now.getTime() - 2 * 60_000) })) {
    statuses.push(await processShopifyDelivery(container, delivery.id))
  }
  return statuses
}

export const config = {
  name: "kapy-shopify-retry-webhooks",
  schedule: "*/5 * * * *",
  // the tests run jobs when they ask (runScheduledJob), never on the clock
  numberOfExecutions: process.env.KAPY_JOBS_OFF_THE_CLOCK === "true" ? 0 : undefined,
}
