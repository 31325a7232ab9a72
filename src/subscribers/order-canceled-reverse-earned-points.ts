import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { reverseOrderPointsWorkflow } from "../workflows/earning"

/** A cancelled order's earned points are all taken back (spent points are returned by the redemption flow). */
export default async function orderCanceledReverseEarnedPoints({
  event,
  container,
}: SubscriberArgs<{ id: string }>) {
  await reverseOrderPointsWorkflow(container).run({
    input: { order_id: event.data.id, cause: "canceled" },
  })
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "kapy-order-canceled-reverse-earned-points" },
}
