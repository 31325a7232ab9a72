import {
  deleteCartCreditLinesWorkflow,
  refreshCartItemsWorkflow,
} from "@medusajs/core-flows"
import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { getRedemptionCartStep } from "../steps/get-redemption-cart"
import { assertOwnOpenCart, pointsCreditLines, RedemptionCart } from "../utils/cart-redemption"

const ownCartPointsLinesStep = createStep(
  "kapy-own-cart-points-lines",
  async (input: { cart: RedemptionCart | undefined; cart_id: string; customer_id: string }) => {
    assertOwnOpenCart(input.cart, input.cart_id, input.customer_id)
    return new StepResponse(pointsCreditLines(input.cart!).map((l) => l.id))
  }
)

/**
 * Stops paying a cart with points.
 *
 * @example
 * await removeLoyaltyPointsFromCartWorkflow(container).run({
 *   input: { cart_id: "cart_123", customer_id: "cus_123" },
 * })
 */
export const removeLoyaltyPointsFromCartWorkflow = createWorkflow(
  "kapy-remove-loyalty-points-from-cart",
  (input: { cart_id: string; customer_id: string }) => {
    const cart = getRedemptionCartStep({ cart_id: input.cart_id })
    const ids = ownCartPointsLinesStep({ cart, cart_id: input.cart_id, customer_id: input.customer_id })
    deleteCartCreditLinesWorkflow.runAsStep({ input: { id: ids } })
    refreshCartItemsWorkflow.runAsStep({ input: { cart_id: input.cart_id } })
    return new WorkflowResponse(ids)
  }
)
