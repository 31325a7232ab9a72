import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { amountGivenBack, OrderReversalCause } from "../../../rules/refunds"
import { ORDER_PAYMENT_FIELDS, paymentTotals } from "../../common/order-payments"

/** What an order counts toward its customer's tier: the item total paid, however it was paid. */
export type OrderQualification = {
  order_id: string
  customer_id: string
  /** The items' total after discounts (tax as the prices have it), shipping left out; cones count as paid. */
  amount: string
  currency_code: string
  placed_at: Date
}

/** The idempotency key of an order's qualifying record. */
export const orderQualificationKey = (orderId: string) => `tier-placed:order:${orderId}`

/**
 * What an order counts toward the tier metric, or null when it counts for
 * nothing: a guest's order (no account to count for) or a cancelled one.
 * An order paid (partly or fully) with cones counts its whole item total,
 * as does one in a currency that earns no points: what qualifies is what
 * the shopper bought, not what they earned.
 */
export async function buildOrderQualification(
  container: MedusaContainer,
  orderId: string,
  customerId?: string
): Promise<OrderQualification | null> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({
    entity: "order",
    fields: ORDER_QUALIFICATION_FIELDS,
    filters: { id: orderId },
  })
  return order ? orderQualification(order, customerId) : null
}

/** The order fields `orderQualification` reads. */
export const ORDER_QUALIFICATION_FIELDS = ["id", "status", "customer_id", "currency_code", "created_at", "item_total", "customer.has_account"]

/**
 * What an order read with `ORDER_QUALIFICATION_FIELDS` counts toward its
 * member's tier, or null when it counts for nothing (a guest's order, a
 * cancelled one). `customerId`: the member, when the caller knows it (a
 * claimed guest order). Used by the qualification and by the earn, which
 * reads the order once for both.
 */
export function orderQualification(order: any, customerId?: string): OrderQualification | null {
  const member = customerId ?? order.customer_id
  if (!member || order.status === "canceled" || (!customerId && !order.customer?.has_account)) {
    return null
  }
  return {
    order_id: order.id,
    customer_id: member,
    amount: MathBN.convert(order.item_total ?? 0).toString(),
    currency_code: order.currency_code.toLowerCase(),
    placed_at: new Date(order.created_at as any),
  }
}

/**
 * How much of an order's item total has come back (cumulative): all of it
 * once cancelled; otherwise the larger of the money refunded and the value
 * of the items returned (`amountGivenBack`), never more than the total.
 * Null for orders that never counted.
 */
export async function buildOrderTierReversal(container: MedusaContainer, orderId: string, cause: OrderReversalCause) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [order],
  } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "customer_id",
      "currency_code",
      "created_at",
      "item_total",
      "items.quantity",
      "items.total",
      "items.detail.return_received_quantity",
      ...ORDER_PAYMENT_FIELDS,
    ],
    filters: { id: orderId },
  })
  if (!order?.customer_id) {
    return null
  }
  const total = MathBN.convert(order.item_total ?? 0)
  const back =
    cause === "canceled"
      ? total
      : MathBN.min(
          total,
          amountGivenBack({
            items: ((order.items ?? []) as any[]).filter(Boolean).map((item) => ({
              amount: item.total,
              quantity: item.quantity,
              returned_quantity: item.detail?.return_received_quantity ?? 0,
            })),
            base: total,
            refunded: paymentTotals(order as any).refunded,
          })
        )
  return {
    order_id: order.id,
    customer_id: order.customer_id as string,
    total_amount: back.toString(),
    currency_code: order.currency_code.toLowerCase(),
    fully_reversed: MathBN.gte(back, total),
    placed_at: new Date(order.created_at as any),
  }
}
