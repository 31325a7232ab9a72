import type { MedusaContainer } from "@medusajs/framework/types"
import { refuseEarlyAccessItems } from "../../tiers/utils/early-access"

/**
 * Kapy's handler of `addToCartWorkflow.hooks.validate`: refuses items of
 * an early-access product unless the cart's customer holds one of its
 * tiers. Medusa's @medusajs/loyalty-plugin takes no addToCartWorkflow
 * hook, so both plugins run side by side. Importing it registers nothing:
 * a shop with its own validate handler sets the plugin option
 * `hooks: { addToCartValidate: false }` and calls this from its handler.
 *
 * @example
 * addToCartWorkflow.hooks.validate(async (input, context) => {
 *   await myOwnCheck(input)
 *   await refuseEarlyAccessOnAddToCart(input, context)
 * })
 */
export async function refuseEarlyAccessOnAddToCart(
  input: { input: { items?: { variant_id?: string | null }[] }; cart: { customer_id?: string | null } },
  { container }: { container: MedusaContainer }
) {
  await refuseEarlyAccessItems(container, input.cart?.customer_id, input.input?.items)
}

/**
 * Kapy's handler of `createCartWorkflow.hooks.validate`: a cart created
 * with items is checked as adding them would be (option key
 * `createCartValidate`).
 */
export async function refuseEarlyAccessOnCreateCart(
  input: { input: { customer_id?: string | null; items?: { variant_id?: string | null }[] } },
  { container }: { container: MedusaContainer }
) {
  await refuseEarlyAccessItems(container, input.input?.customer_id, input.input?.items)
}
