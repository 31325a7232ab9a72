import { createCartWorkflow } from "@medusajs/core-flows"
import { refuseEarlyAccessOnCreateCart } from "./handlers/early-access-validate"
import { kapyHookEnabled } from "./utils/enabled-hooks"

/**
 * VIP early access when a cart is created with items (the store API's
 * POST /store/carts { items }): refused as at add-to-cart. Option key
 * `createCartValidate`.
 */
if (kapyHookEnabled("createCartValidate")) {
  createCartWorkflow.hooks.validate(refuseEarlyAccessOnCreateCart)
}
