import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { announceOrderRedemptionWorkflow } from "../workflows/redemption"

/** Tells the member their points paid for the order they placed. */
export default async function orderPlacedAnnounceRedemption({ event, container }: SubscriberArgs<{ id: string }>) {
  await announceOrderRedemptionWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "kapy-order-placed-announce-redemption" },
}
