import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ordersOfPayment } from "../workflows/common/orders-of-payment"
import { reverseOrderPointsWorkflow } from "../workflows/earning"

/** A refund takes back the refunded share of the order's points. */
export default async function paymentRefundedReverseEarnedPoints({
  event,
  container,
}: SubscriberArgs<{ id: string }>) {
  for (const order_id of await ordersOfPayment(container, event.data.id)) {
    await reverseOrderPointsWorkflow(container).run({ input: { order_id, cause: "refund" } })
  }
}

export const config: SubscriberConfig = {
  event: "payment.refunded",
  context: { subscriberId: "kapy-payment-refunded-reverse-earned-points" },
}
