import type { ScheduledJobContext } from "@medusajs/framework/jobs"
import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_SHOPIFY_MODULE } from "../modules/shopify"
import type ShopifyModuleService from "../modules/shopify/service"
import { returnExpiredShopifyCodeWorkflow, whileShopifyReachable } from "../workflows/shopify"

/**
 * Discount codes bought with cones that expired unused are deleted on
 * Shopify and their cones returned, once each, as of the moment Medusa
 * scheduled the run for. With Shopify unreachable, the codes left wait for
 * the next run (one warning per outage).
 */
export default async function shopifyExpireDiscountCodesJob(container: MedusaContainer, context?: ScheduledJobContext) {
  const now = context?.scheduledFor ?? new Date()
  const shopify = container.resolve<ShopifyModuleService>(KAPY_SHOPIFY_MODULE)
  if (!shopify.isConfigured()) {
    return 0
  }
  let returned = 0
  await whileShopifyReachable(container, shopify.requireOptions().shop, "the return of expired discount codes", async () => {
    for (const code of await shopify.listExpiredCodes({ now })) {
      const { result } = await returnExpiredShopifyCodeWorkflow(container).run({ input: { code: code.code } })
      returned += result ? 1 : 0
    }
  })
  if (returned) {
    container.resolve("logger").info(`kapy: returned the cones of ${returned} expired Shopify discount code(s)`)
  }
  return returned
}

export const config = {
  name: "kapy-shopify-expire-discount-codes",
  schedule: "7 * * * *",
  // the tests run jobs when they ask (runScheduledJob), never on the clock
  numberOfExecutions: process.env.KAPY_JOBS_OFF_THE_CLOCK === "true" ? 0 : undefined,
}
