import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { earningAmount } from "../../../rules/earning"
import { amountGivenBack, OrderReversalCause, orderReversalTarget } from "../../../rules/refunds"
import { ORDER_PAYMENT_FIELDS, paymentTotals } from "../../common/order-payments"

export type { OrderReversalCause }

export type OrderReversal = {
  entry_id: string
  /** How many of the order's points should stand reversed in total. */
  total: number
  idempotency_key: string
}

/**
 * How much of what an order earned should stand reversed, by the rule
 * `orderReversalTarget`: everything once it is cancelled; otherwise the
 * share that came back (`amountGivenBack`: the larger of money refunded and
 * items returned). Null when the order earned nothing. Asks the ledger what
 * the order earned; gathers what came back from the order.
 */
export async function buildOrderReversal(
  container: MedusaContainer,
  orderId: string,
  cause: OrderReversalCause
): Promise<OrderReversal | null> {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const earned = await loyalty.findOrderEarning(orderId)
  if (!earned || earned.points <= 0) {
    return null
  }
  const base = (earned.entry.metadata as any)?.base_amount ?? 0
  const total = orderReversalTarget({
    cause,
    earned_points: earned.points,
    base,
    given_back: cause === "canceled" ? 0 : await givenBack(container, orderId, base),
  })
  return {
    entry_id: earned.entry.id,
    total,
    idempotency_key: `order-reversal:${orderId}:${total}`,
  }
}

async function givenBack(container: MedusaContainer, orderId: string, base: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const settings = await loyalty.retrieveProgramSettings()
  const {
    data: [order],
  } = await query.graph({
    entity: "order",
    fields: [
      "id",
      "item_total",
      "items.quantity",
      "items.unit_price",
      "items.total",
      "items.tax_total",
      "items.is_tax_inclusive",
      "items.detail.return_received_quantity",
      ...ORDER_PAYMENT_FIELDS,
    ],
    filters: { id: orderId },
  })
  if (!order) {
    return MathBN.convert(0)
  }
  return amountGivenBack({
    items: ((order.items ?? []) as any[]).filter(Boolean).map((item) => ({
      amount: earningAmount(item, settings.earning.net_of_tax),
      quantity: item.quantity,
      returned_quantity: item.detail?.return_received_quantity ?? 0,
    })),
    base,
    refunded: paymentTotals(order as any).refunded,
  })
}
