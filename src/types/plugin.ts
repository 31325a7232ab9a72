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
  /** `addToCartWorkflow.hooks.validate`: refuses early-access products to members outside their tiers */
  addToCartValidate: "addToCartWorkflow.hooks.validate",
  /** `createCartWorkflow.hooks.validate`: the same for a cart created with items */
  createCartValidate: "createCartWorkflow.hooks.validate",
} as const
export type KapyHookName = keyof typeof KAPY_HOOKS

/**
 * The Shopify adapter's options (`shopify` in the plugin's options). Absent:
 * the adapter is inert (its routes answer 404 and its jobs do nothing).
 * Checked when the app starts; a bad field stops it, naming the field.
 */
export type ShopifyOptions = {
  /** The shop's permanent domain, `example.myshopify.com`. */
  shop: string
  /** The app's API key (client id). */
  api_key: string
  /** The app's API secret: signs webhooks, app proxy requests and OAuth. */
  api_secret: string
  /**
   * A legacy custom app's Admin API access token (made in a shop's admin
   * before 2026). Without it the adapter gets its token as `auth` says.
   */
  access_token?: string
  /**
   * `"oauth"` (default): the app is installed through `/shopify/auth`, and
   * its expiring offline token is stored encrypted and refreshed.
   * `"client_credentials"`: a Dev Dashboard app installed on the merchant's
   * own shop; Kapy asks Shopify for tokens with `api_key` and `api_secret`.
   */
  auth?: "oauth" | "client_credentials"
  /** Admin API version, pinned (default `2026-10`). */
  api_version?: string
  /** Where the Admin API is (default `https://<shop>/admin/api/<version>/graphql.json`); tests point it at a stand-in. */
  admin_api_url?: string
  /** The app proxy's subpath on the storefront (default `/apps/kapy`). */
  app_proxy_path?: string
  /** App proxy requests older than this are refused (default and most 90: the library allows no more). */
  proxy_max_age_seconds?: number
  /** Whether Shopify's verified emails join a Medusa account with the same verified email (default true). */
  join_by_verified_email?: boolean
  /** Days a redeemed discount code stays usable (default 30). */
  discount_code_days?: number
  /** Shop currency when the Admin API cannot be asked (default: asked once). */
  currency_code?: string
  /** OAuth install: the app's public URL (`https://kapy.example.com`) and scopes. */
  app_url?: string
  scopes?: string[]
  /** 32-byte key (hex or base64) that encrypts the offline token at rest; default env KAPY_SHOPIFY_TOKEN_KEY. */
  token_encryption_key?: string
}

/** The options of the `medusa-plugin-kapy` entry in `medusa-config.ts`. */
export type KapyPluginOptions = LoyaltyModuleOptions & {
  /** The Shopify adapter; see ShopifyOptions. */
  shopify?: ShopifyOptions
  /**
   * `false` stops Kapy from registering that hook's handler (default: every
   * hook registered). The shop's own handler then calls Kapy's, exported
   * from `medusa-plugin-kapy/workflows`.
   */
  hooks?: Partial<Record<KapyHookName, boolean>>
}
