import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { reverseOrderPointsWorkflow } from "../workflows/earning"

/** Received returned items take back their share of the order's points. */
export default async function orderReturnReceivedReverseEarnedPoints({
  event,
  container,
}: SubscriberArgs<{ order_id: string; return_id: string }>) {
  await reverseOrderPointsWorkflow(container).run({
    input: { order_id: event.data.order_id, cause: "return" },
  })
}

export const config: SubscriberConfig = {
  event: "order.return_received",
  context: { subscriberId: "kapy-order-return-received-reverse-earned-points" },
}
