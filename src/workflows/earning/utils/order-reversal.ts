import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MathBN } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { earningAmount, reversalTarget } from "../../../rules/earning"
import { ORDER_PAYMENT_FIELDS, paymentTotals } from "../../common/order-payments"
import { orderEarningKey } from "./order-earning"

export type OrderReversalCause = "canceled" | "refund" | "return"

export type OrderReversal = {
  entry_id: string
  /** How many of the order's points should stand reversed in total. */
  total: number
  idempotency_key: string
}

/**
 * How much of what an order earned should stand reversed: everything once
 * it is cancelled; otherwise the share of its items that came back, by the
 * larger of the money refunded and the value of items returned (a return is
 * usually refunded too: counting the larger never counts it twice). Null
 * when the order earned nothing.
 */
export async function buildOrderReversal(
  container: MedusaContainer,
  orderId: string,
  cause: OrderReversalCause
): Promise<OrderReversal | null> {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const [earned] = await loyalty.listLoyaltyEntries({ idempotency_key: orderEarningKey(orderId) })
  if (!earned || earned.points <= 0) {
    return null
  }
  const total =
    cause === "canceled"
      ? earned.points
      : reversalTarget(
          earned.points,
          (earned.metadata as any)?.base_amount ?? 0,
          await amountGivenBack(container, orderId, (earned.metadata as any)?.base_amount ?? 0)
        )
  return {
    entry_id: earned.id,
    total,
    idempotency_key: `order-reversal:${orderId}:${total}`,
  }
}

async function amountGivenBack(container: MedusaContainer, orderId: string, base: string) {
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
  const { refunded } = paymentTotals(order as any)

  let gross = MathBN.convert(0)
  let returned = MathBN.convert(0)
  for (const item of (order.items ?? []) as any[]) {
    const amount = earningAmount(item, settings.earning.net_of_tax)
    gross = MathBN.add(gross, amount)
    const quantity = MathBN.convert(item.quantity)
    const back = MathBN.convert(item.detail?.return_received_quantity ?? 0)
    if (MathBN.gt(back, 0) && MathBN.gt(quantity, 0)) {
      returned = MathBN.add(returned, MathBN.div(MathBN.mult(amount, back), quantity))
    }
  }
  // returned items as a share of the earning base, to compare with money refunded
  const returnedOfBase = MathBN.gt(gross, 0)
    ? MathBN.div(MathBN.mult(returned, base), gross)
    : MathBN.convert(0)
  return MathBN.max(refunded, returnedOfBase)
}
