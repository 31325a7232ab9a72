import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ordersOfPayment } from "../workflows/common/orders-of-payment"
import { returnRedeemedPointsWorkflow } from "../workflows/redemption"

/** A refund gives back the refunded share of the points the order was paid with. */
export default async function paymentRefundedReturnRedeemedPoints({
  event,
  container,
}: SubscriberArgs<{ id: string }>) {
  for (const order_id of await ordersOfPayment(container, event.data.id)) {
    await returnRedeemedPointsWorkflow(container).run({ input: { order_id, cause: "refund" } })
  }
}

export const config: SubscriberConfig = {
  event: "payment.refunded",
  context: { subscriberId: "kapy-payment-refunded-return-redeemed-points" },
}
