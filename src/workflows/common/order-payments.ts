import { MathBN } from "@medusajs/framework/utils"

/** The fields `paymentTotals` reads from an order. */
export const ORDER_PAYMENT_FIELDS = [
  "payment_collections.payments.amount",
  "payment_collections.payments.refunds.amount",
]

/** Money paid for an order (its payments, which refunds leave as they were) and refunded so far. */
export function paymentTotals(order: { payment_collections?: any[] | null }) {
  const payments = (order.payment_collections ?? []).flatMap((pc: any) => pc?.payments ?? [])
  const sum = (amounts: any[]) => amounts.reduce((total, a) => MathBN.add(total, a ?? 0), MathBN.convert(0))
  return {
    paid: sum(payments.map((p: any) => p.amount)),
    refunded: sum(payments.flatMap((p: any) => (p?.refunds ?? []).map((r: any) => r.amount))),
  }
}
