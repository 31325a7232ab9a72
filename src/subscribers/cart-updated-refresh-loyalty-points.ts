import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { refreshCartLoyaltyPointsWorkflow } from "../workflows/redemption"

/**
 * A changed cart keeps its points payment within what it now accepts, and a
 * cart that changed hands loses the points its former customer applied.
 */
export default async function cartUpdatedRefreshLoyaltyPoints({
  event,
  container,
}: SubscriberArgs<{ id: string }>) {
  await refreshCartLoyaltyPointsWorkflow(container).run({ input: { cart_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: ["cart.updated", "cart.customer_transferred"],
  context: { subscriberId: "kapy-cart-updated-refresh-loyalty-points" },
}
