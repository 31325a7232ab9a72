import type { MedusaContainer } from "@medusajs/framework/types"
import { syncShopifyTierDiscounts } from "../workflows/shopify"

/** Keeps one automatic discount per tier on Shopify in step with the tiers' percentages (nothing without the adapter). */
export default async function shopifySyncTierDiscountsJob(container: MedusaContainer) {
  const done = await syncShopifyTierDiscounts(container)
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
