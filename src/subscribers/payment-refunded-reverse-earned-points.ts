import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { reverseOrderPointsWorkflow } from "../workflows/earning"

/** A refund takes back the refunded share of the order's points. */
export default async function paymentRefundedReverseEarnedPoints({
  event,
  container,
}: SubscriberArgs<{ id: string }>) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [payment],
  } = await query.graph({
    entity: "payment",
    fields: ["id", "payment_collection_id"],
    filters: { id: event.data.id },
  })
  if (!payment?.payment_collection_id) {
    return
  }
  const { data: links } = await query.graph({
    entity: "order_payment_collection",
    fields: ["order_id"],
    filters: { payment_collection_id: payment.payment_collection_id },
  })
  for (const { order_id } of links as { order_id: string }[]) {
    await reverseOrderPointsWorkflow(container).run({ input: { order_id, cause: "refund" } })
  }
}

export const config: SubscriberConfig = {
  event: "payment.refunded",
  context: { subscriberId: "kapy-payment-refunded-reverse-earned-points" },
}
