import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { awardOrderPointsWorkflow } from "../workflows/earning"

/** A placed order earns points (pending for the return window). Redelivery is harmless. */
export default async function orderPlacedAwardPoints({ event, container }: SubscriberArgs<{ id: string }>) {
  await awardOrderPointsWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "kapy-order-placed-award-points" },
}
