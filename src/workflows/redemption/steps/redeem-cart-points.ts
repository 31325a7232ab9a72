import type { MedusaContainer } from "@medusajs/framework/types"
import { MathBN, MedusaError } from "@medusajs/framework/utils"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { maxPointsForCart, pointsValue } from "../../../rules/redemption"
import {
  payableBeforePoints,
  pointsCreditLines,
  programFor,
  RedemptionCart,
  cartRedemption,
  redeemedPoints,
  redemptionRules,
} from "../utils/cart-redemption"

export const redeemCartPointsStepId = "kapy-redeem-cart-points"

/**
 * Takes the points a cart pays with from the member's account, under the
 * account's row lock, while the order is being placed. Refuses a credit line
 * the cart outgrew (it changed after the points were applied) rather than
 * charge it. Keyed by cart: completing the same cart again takes nothing
 * more. Returns the entry id to reverse if the order is not placed.
 */
export async function redeemCartPoints(
  container: MedusaContainer,
  cart: RedemptionCart
): Promise<string | null> {
  const lines = pointsCreditLines(cart)
  if (!lines.length) {
    return null
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
      customer_id: cart.customer_id,
      points,
      reason: "redemption",
      idempotency_key: (await cartRedemption(container, cart.id)).key,
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
