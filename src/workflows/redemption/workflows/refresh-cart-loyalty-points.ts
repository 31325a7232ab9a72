import {
  createCartCreditLinesWorkflow,
  deleteCartCreditLinesWorkflow,
  refreshCartItemsWorkflow,
  useQueryGraphStep,
} from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { fitCartRedemptionStep } from "../steps/fit-cart-redemption"
import { CART_REDEMPTION_FIELDS, RedemptionCart } from "../utils/cart-redemption"

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
    const { data: carts } = useQueryGraphStep({
      entity: "cart",
      fields: CART_REDEMPTION_FIELDS,
      filters: { id: input.cart_id },
    }).config({ name: "kapy-redemption-cart" })
    const cart = transform({ carts }, ({ carts }) => carts[0] as unknown as RedemptionCart | undefined)
    const changes = fitCartRedemptionStep({ cart })
    when({ changes }, ({ changes }) => changes.delete.length > 0).then(() => {
      deleteCartCreditLinesWorkflow.runAsStep({ input: { id: changes.delete } })
      createCartCreditLinesWorkflow.runAsStep({ input: changes.create })
      refreshCartItemsWorkflow.runAsStep({ input: { cart_id: input.cart_id } })
    })
    return new WorkflowResponse(changes)
  }
)
