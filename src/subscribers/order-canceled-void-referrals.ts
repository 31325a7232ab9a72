import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { voidReferralsOfOrderWorkflow } from "../workflows/referrals"

/** A cancelled qualifying order voids its pending referral: the referrer gets nothing. */
export default async function orderCanceledVoidReferrals({ event, container }: SubscriberArgs<{ id: string }>) {
  await voidReferralsOfOrderWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "kapy-order-canceled-void-referrals" },
}
