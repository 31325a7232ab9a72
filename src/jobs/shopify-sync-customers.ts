import type { ScheduledJobContext } from "@medusajs/framework/jobs"
import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_SHOPIFY_MODULE } from "../modules/shopify"
import type ShopifyModuleService from "../modules/shopify/service"
import { accountsChangedSince, syncShopifyCustomers, whileShopifyReachable } from "../workflows/shopify"

/**
 * Balances on Shopify (`kapy.points`) follow the ledger in batches: the
 * members whose entries are newer than the stored cursor are written, and
 * the cursor moves to the newest entry read. With Shopify unreachable the
 * cursor stays, for the next run (one warning per outage).
 */
export default async function shopifySyncCustomersJob(container: MedusaContainer, context?: ScheduledJobContext) {
  const shopify = container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
  if (!shopify.isConfigured()) {
    return 0
  }
  const shop = shopify.requireOptions().shop
  const cursor = await shopify.retrieveCursor(shop, "customers")
  const { account_ids, newest } = await accountsChangedSince(container, cursor?.updated_since ? new Date(cursor.updated_since) : new Date(0))
  const written = await whileShopifyReachable(container, shop, "the sync of balances to customers", () => syncShopifyCustomers(container, account_ids))
  if (written === null) {
    return 0
  }
  if (newest) {
    await shopify.saveCursor({ shop_domain: shop, resource: "customers", updated_since: newest, last_run_at: context?.scheduledFor ?? new Date() })
  }
  return written
}

export const config = {
  name: "kapy-shopify-sync-customers",
  schedule: "*/10 * * * *",
  // the tests run jobs when they ask (runScheduledJob), never on the clock
  numberOfExecutions: process.env.KAPY_JOBS_OFF_THE_CLOCK === "true" ? 0 : undefined,
}
