import { completeCartWorkflow } from "@medusajs/core-flows"
import { redeemCartPointsOnValidate, voidCartPointsRedemption } from "./handlers/complete-cart-validate"
import { kapyHookEnabled } from "./utils/enabled-hooks"

/**
 * Points leave the account while the order is placed: in `validate`, the
 * one completeCartWorkflow hook Medusa's @medusajs/loyalty-plugin leaves
 * free (a hook takes one handler per app). Should a later step fail —
 * payment authorisation, say — the compensation gives the points back.
 *
 * A shop with a validate handler of its own sets the plugin option
 * `hooks: { completeCartValidate: false }` and calls
 * `redeemCartPointsOnValidate` from its handler (docs/install-and-production.md, "Core-flow hooks").
 */
if (kapyHookEnabled("completeCartValidate")) {
  completeCartWorkflow.hooks.validate(redeemCartPointsOnValidate, voidCartPointsRedemption)
}
