import type { MedusaContainer } from "@medusajs/framework/types"
import { MathBN, MedusaError } from "@medusajs/framework/utils"
import { cartRedemptionScope, KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { maxPointsForCart, pointsValue } from "../../../rules/redemption"
import {
  payableBeforePoints,
  pointsCreditLines,
  programFor,
  RedemptionCart,
  payingAccountId,
  pointsLinesBelongToCartCustomer,
  redeemedPoints,
  redemptionRules,
} from "../utils/cart-redemption"

export const redeemCartPointsStepId = "kapy-redeem-cart-points"

/**
 * Takes the points a cart pays with from the account that applied them
 * (the credit line's `reference_id`), under that account's row lock, while
 * the order is being placed — and only while that account is the cart
 * customer's: a cart that changed hands is refused, not charged to anyone.
 * Refuses a credit line the cart outgrew (it changed after the points were
 * applied) rather than charge it.
 *
 * Keyed by cart (`redemption:<cart id>`): completing the same cart again, or
 * twice at once, takes nothing more — the ledger alone guarantees it, under
 * the account lock, whatever lock Medusa holds on the cart. A checkout that
 * failed after the debit voided it, so a retry takes the points again.
 * Returns the entry id to void if the order is not placed.
 */
export async function redeemCartPoints(
  container: MedusaContainer,
  cart: RedemptionCart
): Promise<string | null> {
  const lines = pointsCreditLines(cart)
  if (!lines.length) {
    return null
  }
  if (!(await pointsLinesBelongToCartCustomer(container, cart))) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `The points on this cart were applied by another customer. Apply points again.`
    )
  }
  const points = redeemedPoints(cart)
  const rules = redemptionRules(await programFor(container), cart.currency_code)
  const credited = lines.reduce((sum, l) => MathBN.add(sum, l.amount), MathBN.convert(0))
  const max = maxPointsForCart(payableBeforePoints(cart), rules)
  if (
    !cart.customer_id ||
    lines.length > 1 ||
    points > max ||
    !MathBN.eq(credited, pointsValue(points, rules))
  ) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `The cart changed after ${points} points were applied: it now accepts at most ${max} points. Apply points again.`
    )
  }
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  try {
    const result = await loyalty.spendPoints({
      account_id: payingAccountId(cart)!,
      points,
      reason: "redemption",
      idempotency_key: cartRedemptionScope(cart.id),
      source_type: "cart",
      source_id: cart.id,
      currency_code: cart.currency_code,
      metadata: { amount: credited.toString(), credit_line_id: lines[0].id },
      actor_type: "customer",
      actor_id: cart.customer_id,
    })
    return result.replayed ? null : result.entry.id
  } catch (error: any) {
    // Completion answers conflicts with a generic retry hint; this one has a
    // message the shopper can act on.
    if (error?.type === MedusaError.Types.CONFLICT) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, error.message)
    }
    throw error
  }
}
