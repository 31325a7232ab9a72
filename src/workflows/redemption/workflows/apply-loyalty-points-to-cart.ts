import {
  createCartCreditLinesWorkflow,
  deleteCartCreditLinesWorkflow,
  refreshCartItemsWorkflow,
} from "@medusajs/core-flows"
import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { getRedemptionCartStep } from "../steps/get-redemption-cart"
import { planCartRedemptionStep } from "../steps/plan-cart-redemption"

export const applyLoyaltyPointsToCartWorkflowId = "kapy-apply-loyalty-points-to-cart"

/**
 * Pays part of a customer's cart with points: a cart credit line (reference
 * `loyalty-points`, the points in its metadata) replacing any earlier one.
 * The points are checked now and taken only when the order is placed.
 *
 * @example
 * await applyLoyaltyPointsToCartWorkflow(container).run({
 *   input: { cart_id: "cart_123", customer_id: "cus_123", points: 1500 },
 * })
 */
export const applyLoyaltyPointsToCartWorkflow = createWorkflow(
  applyLoyaltyPointsToCartWorkflowId,
  (input: { cart_id: string; customer_id: string; points: number }) => {
    const cart = getRedemptionCartStep({ cart_id: input.cart_id })
    const plan = planCartRedemptionStep({
      cart,
      cart_id: input.cart_id,
      customer_id: input.customer_id,
      points: input.points,
    })
    deleteCartCreditLinesWorkflow.runAsStep({ input: { id: plan.delete } })
    const created = createCartCreditLinesWorkflow.runAsStep({ input: plan.create })
    refreshCartItemsWorkflow.runAsStep({ input: { cart_id: input.cart_id } })
    return new WorkflowResponse(created)
  }
)
