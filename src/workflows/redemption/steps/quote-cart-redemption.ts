import { MathBN } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { quoteRedemption, redemptionProblemMessage } from "../../../rules/redemption"
import { cartRedemptionFacts, RedemptionCart, redeemedPoints } from "../utils/cart-redemption"

export const quoteCartRedemptionStepId = "kapy-quote-cart-redemption"

/** What a storefront shows before the shopper applies points: money as numbers in the cart's currency. */
export type CartRedemptionQuote = {
  cart_id: string
  currency_code: string
  /** points the cart is paid with now */
  applied_points: number
  points: number | null
  available: number
  min_points: number
  step_points: number
  max_points: number
  value: number
  total_before: number
  total_after: number
  problem: { code: string; message: string } | null
}

/**
 * Quotes paying the customer's own open cart with `points` (or only the
 * limits, without): the value, the cart's total before and after, the most
 * it accepts from this member, and the problem applying them would meet —
 * by the same rules the redemption uses. Reads only.
 */
export const quoteCartRedemptionStep = createStep(
  quoteCartRedemptionStepId,
  async (
    input: { cart: RedemptionCart | undefined; cart_id: string; customer_id: string; points: number | null },
    { container }
  ) => {
    const { cart, facts } = await cartRedemptionFacts(container, input)
    const quote = quoteRedemption(input.points, facts)
    const result: CartRedemptionQuote = {
      cart_id: cart.id,
      currency_code: cart.currency_code,
      applied_points: redeemedPoints(cart),
      points: quote.points,
      available: quote.available,
      min_points: quote.min_points,
      step_points: quote.step_points,
      max_points: quote.max_points,
      value: MathBN.convert(quote.value).toNumber(),
      total_before: MathBN.convert(quote.total_before).toNumber(),
      total_after: MathBN.convert(quote.total_after).toNumber(),
      problem: quote.problem ? { code: quote.problem.code, message: redemptionProblemMessage(quote.problem) } : null,
    }
    return new StepResponse(result)
  }
)
