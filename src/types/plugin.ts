/** The options Kapy's loyalty module reads (the plugin passes its own options to it). */
export type LoyaltyModuleOptions = {
  /** Program settings a new shop starts with, over PRODUCT.md's defaults. */
  program?: Record<string, unknown>
  /**
   * Whether a Medusa customer's email counts as verified. Medusa does not
   * verify emails itself; a shop that does (at registration) sets this, and
   * a Medusa customer and a Shopify customer with the same email then share
   * one account. Default false.
   */
  medusa_emails_verified?: boolean
}

/**
 * The core-flow hooks Kapy takes, by option name. Medusa allows one handler
 * per workflow hook in an app: a shop with its own handler of one of these
 * switches Kapy's off and calls Kapy's exported handler from its own.
 */
export const KAPY_HOOKS = {
  /** `completeCartWorkflow.hooks.validate`: takes the points a cart pays with when the order is placed */
  completeCartValidate: "completeCartWorkflow.hooks.validate",
} as const
export type KapyHookName = keyof typeof KAPY_HOOKS

/** The options of the `medusa-plugin-kapy` entry in `medusa-config.ts`. */
export type KapyPluginOptions = LoyaltyModuleOptions & {
  /**
   * `false` stops Kapy from registering that hook's handler (default: every
   * hook registered). The shop's own handler then calls Kapy's, exported
   * from `medusa-plugin-kapy/workflows`.
   */
  hooks?: Partial<Record<KapyHookName, boolean>>
}
