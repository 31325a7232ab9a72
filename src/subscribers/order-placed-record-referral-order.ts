import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { recordReferralOrderWorkflow } from "../workflows/referrals"

/** A referred friend's order: checked against the referrer's addresses, and recorded when it qualifies. */
export default async function orderPlacedRecordReferralOrder({ event, container }: SubscriberArgs<{ id: string }>) {
  await recordReferralOrderWorkflow(container).run({ input: { order_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "kapy-order-placed-record-referral-order" },
}
