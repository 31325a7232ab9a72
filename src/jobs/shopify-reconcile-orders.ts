import type { ScheduledJobContext } from "@medusajs/framework/jobs"
import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_SHOPIFY_MODULE } from "../modules/shopify"
import type ShopifyModuleService from "../modules/shopify/service"
import { reconcileShopifyOrders, whileShopifyReachable } from "../workflows/shopify"

/**
 * Applies what Shopify's webhooks missed, from the orders updated since the
 * last run. Does nothing without the adapter; with Shopify unreachable, one
 * warning per outage and the next run continues where this one stopped.
 */
export default async function shopifyReconcileOrdersJob(container: MedusaContainer, context?: ScheduledJobContext) {
  const shopify = container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
  if (!shopify.isConfigured()) {
    return null
  }
  const result = await whileShopifyReachable(
    container,
    shopify.requireOptions().shop,
    "the reconciliation of orders",
    () => reconcileShopifyOrders(container, { now: context?.scheduledFor ?? new Date() }),
    { asked_shopify: true }
  )
  if (result && (result.earned || result.reversed)) {
    container
      .resolve("logger")
      .info(`kapy: Shopify reconciliation read ${result.orders} order(s), earned ${result.earned}, reversed ${result.reversed}`)
  }
  return result
}

export const config = {
  name: "kapy-shopify-reconcile-orders",
  schedule: "*/15 * * * *",
  // the tests run jobs when they ask (runScheduledJob), never on the clock
  numberOfExecutions: process.env.KAPY_JOBS_OFF_THE_CLOCK === "true" ? 0 : undefined,
}
