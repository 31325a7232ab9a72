import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { getRedemptionCartStep } from "../steps/get-redemption-cart"
import { quoteCartRedemptionStep } from "../steps/quote-cart-redemption"

export const quoteCartRedemptionWorkflowId = "kapy-quote-cart-redemption"

/**
 * What paying the customer's cart with points would do, before they apply
 * them: value, totals before and after, limits and the problem, if any.
 * Changes nothing.
 *
 * @example
 * const { result } = await quoteCartRedemptionWorkflow(container).run({
 *   input: { cart_id: "cart_123", customer_id: "cus_123", points: 500 },
 * })
 */
export const quoteCartRedemptionWorkflow = createWorkflow(
  quoteCartRedemptionWorkflowId,
  (input: { cart_id: string; customer_id: string; points: number | null }) => {
    const cart = getRedemptionCartStep({ cart_id: input.cart_id })
    const quote = quoteCartRedemptionStep({
      cart,
      cart_id: input.cart_id,
      customer_id: input.customer_id,
      points: input.points,
    })
    return new WorkflowResponse(quote)
  }
)
