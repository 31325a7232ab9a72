import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { returnRedeemedPointsWorkflow } from "../workflows/redemption"

/** A cancelled order gives back the points it was paid with. */
export default async function orderCanceledReturnRedeemedPoints({
  event,
  container,
}: SubscriberArgs<{ id: string }>) {
  await returnRedeemedPointsWorkflow(container).run({ input: { order_id: event.data.id, cause: "canceled" } })
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "kapy-order-canceled-return-redeemed-points" },
}
