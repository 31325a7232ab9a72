import { BigNumberInput } from "@medusajs/framework/types"
import { MathBN } from "@medusajs/framework/utils"
import { reversalTarget } from "./earning"

/**
 * What happens to points when an order is cancelled, refunded or returned.
 * The rule book:
 *
 * 1. Points an order earned: a cancelled order loses all of them. After
 *    refunds and returns it loses the share that came back — the larger of
 *    the money refunded and the value of the items returned (a return is
 *    usually refunded too: counting the larger never counts it twice) — out
 *    of the amount that earned points, rounded down, never more than earned.
 * 2. Points an order was paid with: a cancelled order gives all of them
 *    back. After refunds, under the "proportional" policy, the member gets
 *    back the refunded share of what was paid with money, rounded down and
 *    never more than spent; under the "manual" policy nothing comes back on
 *    its own — the admin decides, refund by refund.
 * 3. A Shopify refund gives back what its refunded item lines came to
 *    (`refundedItemsValue`): each line's `subtotal` in the shop's currency
 *    (after discounts, tax in it when the shop's prices include tax), never
 *    the money moved, which may hold shipping, tax, adjustments or the
 *    shopper's currency. It is measured against the order's item subtotal
 *    in the same terms, so rule 1 reverses the refunded items' share of
 *    what was earned. A refund of shipping or tax alone gives back nothing;
 *    gift-card lines earned nothing and give back nothing. Once the items
 *    given back reach the item subtotal the order is fully refunded
 *    (`fullyRefunded`): like a cancelled one, it returns every point it was
 *    paid with (Kapy's cone codes on Shopify).
 *
 * Every target is the total that should stand reversed (or returned) so
 * far, not one refund's share: splitting refunds never adds up to more.
 */

export type OrderReversalCause = "canceled" | "refund" | "return"

export type ReturnedItem = {
  /** What the line earns on: `earningAmount` of the order's item. */
  amount: BigNumberInput
  quantity: BigNumberInput
  /** How many of the line's units came back (received); none when absent. */
  returned_quantity?: BigNumberInput | null
}

/**
 * The money an order gave back, in the currency of its earning base: the
 * larger of `refunded` and the value of the returned items. An item's
 * returned value is its amount × returned quantity / quantity; their sum is
 * scaled from the items' total to `base` (the amount that earned points,
 * after the share paid with points), so both are measured alike.
 *
 * @example
 * // 2 × 10.00 EUR, one returned, 5.00 refunded: the return (10.00) counts
 * amountGivenBack({ items: [{ amount: 20, quantity: 2, returned_quantity: 1 }], base: 20, refunded: 5 }) // 10
 */
export function amountGivenBack({
  items,
  base,
  refunded,
}: {
  items: ReturnedItem[]
  base: BigNumberInput
  refunded: BigNumberInput
}) {
  let gross = MathBN.convert(0)
  let returned = MathBN.convert(0)
  for (const item of items) {
    gross = MathBN.add(gross, item.amount)
    const back = item.returned_quantity ?? 0
    if (MathBN.gt(back, 0) && MathBN.gt(item.quantity, 0)) {
      returned = MathBN.add(returned, MathBN.div(MathBN.mult(item.amount, back), item.quantity))
    }
  }
  const returnedOfBase = MathBN.gt(gross, 0)
    ? MathBN.div(MathBN.mult(returned, base), gross)
    : MathBN.convert(0)
  return MathBN.max(refunded, returnedOfBase)
}

/**
 * How many of the points an order earned should stand reversed (rule 1):
 * all of `earned_points` once it is cancelled; after refunds or returns,
 * `given_back` (from `amountGivenBack`) as a share of `base`, rounded down
 * and never more than earned. Nothing when the order earned nothing.
 *
 * @example
 * orderReversalTarget({ cause: "refund", earned_points: 49, base: "49.90", given_back: "16.63" }) // 16
 */
export function orderReversalTarget({
  cause,
  earned_points,
  base = 0,
  given_back = 0,
}: {
  cause: OrderReversalCause
  earned_points: number
  /** The amount that earned the points (the earning entry's `base_amount`); not needed for a cancellation. */
  base?: BigNumberInput
  /** Not needed for a cancellation. */
  given_back?: BigNumberInput
}): number {
  if (earned_points <= 0) {
    return 0
  }
  if (cause === "canceled") {
    return earned_points
  }
  return reversalTarget(earned_points, base, given_back)
}

export type RefundPolicy = "proportional" | "manual"

export type RedemptionReturnCause = "canceled" | "refund"

/**
 * How many of the points an order was paid with should stand returned to
 * the member (rule 2): all of them once it is cancelled, whatever the
 * policy; after refunds, null under the "manual" policy (nothing automatic:
 * the admin chooses), and under "proportional" the `refunded` share of what
 * was `paid` with money (the payments, which refunds leave as they were),
 * rounded down and never more than spent. `spent_points` may be given as
 * the spending entry's (negative) points.
 *
 * @example
 * redeemedPointsToReturn({ cause: "refund", spent_points: 1500, policy: "proportional", paid: 30, refunded: 10 }) // 500
 */
export function redeemedPointsToReturn({
  cause,
  spent_points,
  policy,
  paid = 0,
  refunded = 0,
}: {
  cause: RedemptionReturnCause
  spent_points: number
  policy: RefundPolicy
  /** Money paid for the order; not needed for a cancellation. */
  paid?: BigNumberInput
  /** Money refunded so far; not needed for a cancellation. */
  refunded?: BigNumberInput
}): number | null {
  const points = Math.abs(spent_points)
  if (cause === "canceled") {
    return points
  }
  if (policy === "manual") {
    return null
  }
  return reversalTarget(points, paid, refunded)
}

export type RefundedLine = {
  /** The refund line's `subtotal` in the shop's currency (`subtotal_set.shop_money`). */
  subtotal: BigNumberInput
  /** A gift card refunded: it earned nothing, so it gives back nothing. */
  gift_card?: boolean
}

/**
 * What a Shopify refund gives back, in the measure of the order's item
 * subtotal (rule 3): the sum of its item lines' subtotals, gift cards left
 * out. No item lines (shipping or tax refunded alone): nothing.
 *
 * @example
 * // one of two 50.00 items (20 % VAT in the price) refunded: 50.00, whatever the shipping refunded beside it
 * refundedItemsValue([{ subtotal: "50.00" }]) // "50"
 */
export function refundedItemsValue(lines: RefundedLine[]): string {
  return lines
    .filter((line) => !line.gift_card)
    .reduce((sum, line) => MathBN.add(sum, MathBN.max(line.subtotal ?? 0, 0)), MathBN.convert(0))
    .toString()
}

/**
 * Whether refunds gave back every item of an order (rule 3): what they
 * gave back (`refundedItemsValue`, summed) reaches the item subtotal, which
 * is more than nothing.
 *
 * @example
 * fullyRefunded({ base: "100.00", given_back: "100" }) // true
 * fullyRefunded({ base: "100.00", given_back: "50" }) // false: one of two items
 */
export function fullyRefunded({ base, given_back }: { base: BigNumberInput; given_back: BigNumberInput }): boolean {
  return MathBN.gt(base, 0) && MathBN.gte(given_back, base)
}
