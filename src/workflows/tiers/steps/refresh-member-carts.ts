import { refreshCartItemsWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { TierChange } from "../../../types/loyalty"

export const refreshMemberCartsStepId = "kapy-refresh-member-carts"

/** Whether the cart has been completed (or is gone): nothing left to re-price. */
async function cartClosed(container: MedusaContainer, cartId: string) {
  const {
    data: [cart],
  } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "cart",
    fields: ["id", "completed_at"],
    filters: { id: cartId },
  })
  return !cart || !!cart.completed_at
}

/**
 * Refreshes the open carts of members whose tier changed, so their next
 * price (tier price list, tier promotion) is right: Medusa's pricing picks
 * up a new customer group only when a cart is refreshed. A cart completed
 * (or deleted) between the listing and its refresh — the member checked it
 * out meanwhile, and Medusa refuses to refresh it ("Cart … is already
 * completed") — has nothing left to re-price and is skipped; any other
 * failure fails the step. Nothing to compensate: a refresh prices the
 * cart as it stands.
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
      try {
        await refreshCartItemsWorkflow(container).run({ input: { cart_id: cart.id, force_refresh: true } })
      } catch (error) {
        if (await cartClosed(container, cart.id)) {
          continue
        }
        throw error
      }
      refreshed.push(cart.id)
    }
    return new StepResponse(refreshed)
  }
)
