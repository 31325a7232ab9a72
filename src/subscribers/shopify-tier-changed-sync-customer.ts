import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncShopifyCustomers } from "../workflows/shopify"

/** A member's tier changed: their Shopify customers get the new tier tag and metafields (nothing without the adapter). */
export default async function shopifyTierChangedSyncCustomer({ event, container }: SubscriberArgs<{ account_id: string }>) {
  await syncShopifyCustomers(container, [event.data.account_id])
}

export const config: SubscriberConfig = {
  event: "loyalty.tier_changed",
  context: { subscriberId: "kapy-shopify-tier-changed-sync-customer" },
}
