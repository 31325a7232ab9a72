import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { reverseOrderStampsWorkflow } from "../workflows/stamps"

/** A cancelled order takes back its stamps. Redelivery is harmless. */
export default async function orderCanceledReverseStamps({ event, container }: SubscriberArgs<{ id: string }>) {
  await reverseOrderStampsWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "kapy-order-canceled-reverse-stamps" },
}
