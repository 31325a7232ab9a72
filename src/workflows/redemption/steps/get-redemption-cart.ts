import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { CART_REDEMPTION_FIELDS, RedemptionCart } from "../utils/cart-redemption"

/** The cart with what paying with points needs: totals, customer and credit lines. */
export const getRedemptionCartStep = createStep(
  "kapy-get-redemption-cart",
  async ({ cart_id }: { cart_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({ entity: "cart", fields: CART_REDEMPTION_FIELDS, filters: { id: cart_id } })
    return new StepResponse((data[0] as unknown as RedemptionCart) ?? undefined)
  }
)
