import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { LoyaltyEvents, OrderEarnedData } from "../workflows/earning"
import { qualifyPlacedOrderWorkflow } from "../workflows/tiers"

/**
 * After an order's earn, the order counts toward the member's tier (and an
 * upgrade applies at once). Its own workflow: a failure here never voids
 * the order's points. Redelivery is harmless.
 */
export default async function loyaltyOrderEarnedQualifyTier({ event, container }: SubscriberArgs<OrderEarnedData>) {
  await qualifyPlacedOrderWorkflow(container).run({ input: event.data })
}

export const config: SubscriberConfig = {
  event: LoyaltyEvents.ORDER_EARNED,
  context: { subscriberId: "kapy-order-earned-qualify-tier" },
}
