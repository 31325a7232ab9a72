import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { NOTIFICATION_EVENTS } from "../rules/notifications"
import { notifyLoyaltyMemberWorkflow } from "../workflows/notifications"

/**
 * Each loyalty event a member is told about becomes one message, sent
 * after the change committed (events are emitted when their workflow has
 * finished) and at most once, however often the event is delivered.
 */
export default async function loyaltyEventsNotifyMember({ event, container }: SubscriberArgs<Record<string, any>>) {
  await notifyLoyaltyMemberWorkflow(container).run({ input: { event_name: event.name, data: event.data } })
}

export const config: SubscriberConfig = {
  event: Object.keys(NOTIFICATION_EVENTS),
  context: { subscriberId: "kapy-loyalty-events-notify-member" },
}
