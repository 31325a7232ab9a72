import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { awardSignupPointsWorkflow } from "../workflows/earning"

/** A customer who registers gets the welcome bonus, once. */
export default async function customerCreatedAwardSignup({
  event,
  container,
}: SubscriberArgs<{ id: string }>) {
  await awardSignupPointsWorkflow(container).run({ input: { customer_id: event.data.id } })
}

export const config: SubscriberConfig = {
  event: "customer.created",
  context: { subscriberId: "kapy-customer-created-award-signup" },
}
