import {
  createCartCreditLinesWorkflow,
  deleteCartCreditLinesWorkflow,
  refreshCartItemsWorkflow,
} from "@medusajs/core-flows"
import { createWorkflow, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { getRedemptionCartStep } from "../steps/get-redemption-cart"
import { fitCartRedemptionStep } from "../steps/fit-cart-redemption"

/**
 * Keeps a cart's points credit line within what the cart accepts after it
 * changed (items, promotions, region): shrinks it, or drops it below the
 * minimum. Completion refuses a line that is still too large, so a missed
 * refresh can never overcharge points.
 *
 * @example
 * await refreshCartLoyaltyPointsWorkflow(container).run({ input: { cart_id: "cart_123" } })
 */
export const refreshCartLoyaltyPointsWorkflow = createWorkflow(
  "kapy-refresh-cart-loyalty-points",
  (input: { cart_id: string }) => {
    const cart = getRedemptionCartStep({ cart_id: input.cart_id })
    const changes = fitCartRedemptionStep({ cart })
    when({ changes }, ({ changes }) => changes.delete.length > 0).then(() => {
      deleteCartCreditLinesWorkflow.runAsStep({ input: { id: changes.delete } })
      createCartCreditLinesWorkflow.runAsStep({ input: changes.create })
      refreshCartItemsWorkflow.runAsStep({ input: { cart_id: input.cart_id } })
    })
    return new WorkflowResponse(changes)
  }
)
