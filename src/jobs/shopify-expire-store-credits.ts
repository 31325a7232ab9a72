import type { ScheduledJobContext } from "@medusajs/framework/jobs"
import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_SHOPIFY_MODULE } from "../modules/shopify"
import type ShopifyModuleService from "../modules/shopify/service"
import { returnExpiredShopifyStoreCreditWorkflow, whileShopifyReachable } from "../workflows/shopify"

/**
 * Store credit bought with cones whose expiry passed gives back the cones
 * of what lapsed unused, once each, as of the moment Medusa scheduled the
 * run for.
 */
export default async function shopifyExpireStoreCreditsJob(container: MedusaContainer, context?: ScheduledJobContext) {
  const now = context?.scheduledFor ?? new Date()
  const shopify = container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
  if (!shopify.isConfigured()) {
    return 0
  }
  let returned = 0
  // Shopify unreachable: one warning line, and the next run tries again
  await whileShopifyReachable(container, shopify.requireOptions().shop, "the return of expired store credit", async () => {
    for (const credit of await shopify.listExpiredStoreCredits({ now })) {
      const { result } = await returnExpiredShopifyStoreCreditWorkflow(container).run({ input: { id: credit.id } })
      returned += result ? 1 : 0
    }
  })
  if (returned) {
    container.resolve("logger").info(`kapy: returned the cones of ${returned} expired Shopify store credit(s)`)
  }
  return returned
}

export const config = {
  name: "kapy-shopify-expire-store-credits",
  schedule: "17 * * * *",
  // the tests run jobs when they ask (runScheduledJob), never on the clock
  numberOfExecutions: process.env.KAPY_JOBS_OFF_THE_CLOCK === "true" ? 0 : undefined,
}
