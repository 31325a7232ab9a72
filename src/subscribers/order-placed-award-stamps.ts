import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { awardOrderStampsWorkflow } from "../workflows/stamps"

/** A placed order stamps the member's stamp cards it qualifies for. Redelivery is harmless. */
export default async function orderPlacedAwardStamps({ event, container }: SubscriberArgs<{ id: string }>) {
  await awardOrderStampsWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "kapy-order-placed-award-stamps" },
}
