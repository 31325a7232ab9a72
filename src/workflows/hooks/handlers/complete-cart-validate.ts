import type { MedusaContainer } from "@medusajs/framework/types"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { voidOnFailure } from "../../common/void-on-failure"
import { redeemCartPoints, redeemCartPointsStepId } from "../../redemption/steps/redeem-cart-points"
import type { RedemptionCart } from "../../redemption/utils/cart-redemption"

/**
 * Kapy's handler of `completeCartWorkflow.hooks.validate`: takes the points
 * the cart pays with while the order is placed (`redeemCartPoints`: from the
 * account that applied them, under its row lock, once per cart). Returns the
 * ledger entry for `voidCartPointsRedemption` to void should a later step
 * fail. Importing it registers nothing: a shop with its own validate handler
 * sets the plugin option `hooks: { completeCartValidate: false }` and calls
 * this from its handler.
 *
 * @example
 * // src/workflows/hooks/complete-cart-validate.ts of the shop
 * completeCartWorkflow.hooks.validate(async (input, context) => {
 *   await checkGiftCardLimit(input.cart) // the shop's own validation
 *   return redeemCartPointsOnValidate(input, context)
 * }, voidCartPointsRedemption)
 */
export async function redeemCartPointsOnValidate(
  input: { cart: unknown },
  { container }: { container: MedusaContainer }
): Promise<StepResponse<string | null, string | null>> {
  const entryId = await redeemCartPoints(container, input.cart as RedemptionCart)
  return new StepResponse(entryId, entryId)
}

/**
 * The compensation of `redeemCartPointsOnValidate`: voids the redemption
 * entry (the points come back, and a retried checkout takes them anew).
 */
export const voidCartPointsRedemption = voidOnFailure(redeemCartPointsStepId)
