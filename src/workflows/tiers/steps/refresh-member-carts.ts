import { refreshCartItemsWorkflow } from "@medusajs/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { TierChange } from "../../../types/loyalty"

export const refreshMemberCartsStepId = "kapy-refresh-member-carts"

/**
 * Refreshes the open carts of members whose tier changed, so their next
 * price (tier price list, tier promotion) is right: Medusa's pricing picks
 * up a new customer group only when a cart is refreshed. Nothing to
 * compensate: a refresh prices the cart as it stands.
 *
 * @example
 * refreshMemberCartsStep({ changes })
 */
export const refreshMemberCartsStep = createStep(
  refreshMemberCartsStepId,
  async (input: { changes: TierChange[] }, { container }) => {
    const customerIds = [...new Set(input.changes.map((c) => c.customer_id).filter((id): id is string => !!id))]
    if (!customerIds.length) {
      return new StepResponse([] as string[])
    }
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data: carts } = await query.graph({
      entity: "cart",
      fields: ["id"],
      filters: { customer_id: customerIds, completed_at: null } as any,
    })
    const refreshed: string[] = []
    for (const cart of carts) {
      await refreshCartItemsWorkflow(container).run({ input: { cart_id: cart.id, force_refresh: true } })
      refreshed.push(cart.id)
    }
    return new StepResponse(refreshed)
  }
)
