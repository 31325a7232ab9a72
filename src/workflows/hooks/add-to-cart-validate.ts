import { addToCartWorkflow } from "@medusajs/core-flows"
import { refuseEarlyAccessOnAddToCart } from "./handlers/early-access-validate"
import { kapyHookEnabled } from "./utils/enabled-hooks"

/**
 * VIP early access at add-to-cart, enforced on the server. A shop with its
 * own handler of this hook sets `hooks: { addToCartValidate: false }` and
 * calls `refuseEarlyAccessOnAddToCart` from it.
 */
if (kapyHookEnabled("addToCartValidate")) {
  addToCartWorkflow.hooks.validate(refuseEarlyAccessOnAddToCart)
}
