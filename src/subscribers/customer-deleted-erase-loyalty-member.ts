import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { eraseLoyaltyMemberWorkflow } from "../workflows/privacy"

/**
 * A deleted customer is erased from Kapy (GDPR): their identity, and when
 * the account has no other identity, what else names them; their reviews
 * lose the name or go. The ledger stays. Medusa emits one event per id.
 */
export default async function customerDeletedEraseLoyaltyMember({ event, container }: SubscriberArgs<{ id: string }>) {
  await eraseLoyaltyMemberWorkflow(container).run({ input: { customer_id: event.data.id, whole_member: false } })
}

export const config: SubscriberConfig = {
  event: "customer.deleted",
  context: { subscriberId: "kapy-customer-deleted-erase-loyalty-member" },
}
