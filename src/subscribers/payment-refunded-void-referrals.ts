import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ordersOfPayment } from "../workflows/common/orders-of-payment"
import { voidReferralsOfOrderWorkflow } from "../workflows/referrals"

/** A fully refunded qualifying order voids its pending referral (a partial refund does not). */
export default async function paymentRefundedVoidReferrals({ event, container }: SubscriberArgs<{ id: string }>) {
  for (const order_id of await ordersOfPayment(container, event.data.id)) {
    await voidReferralsOfOrderWorkflow(container).run({ input: { order_id } })
  }
}

export const config: SubscriberConfig = {
  event: "payment.refunded",
  context: { subscriberId: "kapy-payment-refunded-void-referrals" },
}
