import { z } from "@medusajs/framework/zod"
import type { ShopifyOptions } from "../../types/plugin"

export const DEFAULT_SHOPIFY_API_VERSION = "2026-10"
export const DEFAULT_APP_PROXY_PATH = "/apps/kapy"

const shopDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/, "must be the shop's permanent domain, like example.myshopify.com")

const shopifyOptionsSchema = z.object({
  shop: shopDomain,
  api_key: z.string().trim().min(1, "is required"),
  api_secret: z.string().trim().min(1, "is required"),
  access_token: z.string().trim().min(1).optional(),
  /**
   * How Kapy gets its Admin API token: "oauth" (an app installed through
   * /shopify/auth, whose expiring offline token Kapy refreshes), or
   * "client_credentials" (a Dev Dashboard app installed on the merchant's
   * own shop: Kapy asks for a token with the app's client id and secret
   * and asks again before it expires). A legacy custom app's
   * `access_token` needs neither.
   */
  auth: z.enum(["oauth", "client_credentials"]).default("oauth"),
  api_version: z
    .string()
    .regex(/^\d{4}-(01|04|07|10)$/, "must be a Shopify API version like 2026-10")
    .default(DEFAULT_SHOPIFY_API_VERSION),
  admin_api_url: z.string().url().optional(),
  app_proxy_path: z
    .string()
    .regex(/^\/apps\/[a-z0-9-]+$/, "must look like /apps/kapy")
    .default(DEFAULT_APP_PROXY_PATH),
  proxy_max_age_seconds: z.number().int().min(10).max(90).default(90),
  join_by_verified_email: z.boolean().default(true),
  discount_code_days: z.number().int().min(1).max(365).default(30),
  currency_code: z
    .string()
    .regex(/^[a-zA-Z]{3}$/, "must be a 3-letter currency code")
    .transform((c) => c.toLowerCase())
    .optional(),
  app_url: z.string().url().optional(),
  scopes: z
    .array(z.string().min(1))
    .default(["read_orders", "read_customers", "write_customers", "write_discounts", "write_store_credit_account_transactions"]),
  token_encryption_key: z.string().min(1).optional(),
})

export type ResolvedShopifyOptions = z.infer<typeof shopifyOptionsSchema>

/**
 * The adapter's options, checked. Undefined when the shop has no Shopify
 * store (the adapter is then inert). A bad field throws, naming it
 * (`shopify.api_secret: is required`), so the app does not start half-set.
 */
export function resolveShopifyOptions(raw: ShopifyOptions | undefined | null): ResolvedShopifyOptions | undefined {
  if (raw === undefined || raw === null) {
    return undefined
  }
  const result = shopifyOptionsSchema
    .refine((o) => !(o.auth === "client_credentials" && o.access_token), {
      path: ["access_token"],
      message: 'is for a legacy custom app; with auth "client_credentials" Kapy asks Shopify for its tokens',
    })
    .safeParse(raw)
  if (!result.success) {
    const problems = result.error.issues.map((i) => `shopify.${i.path.map(String).join(".")}: ${i.message}`)
    throw new Error(`Invalid Kapy plugin option ${problems.join("; ")}`)
  }
  return result.data
}

/** Where the shop answers: `https://{shop}`, or the `admin_api_url` of a stand-in. */
export function shopBaseUrl(options: ResolvedShopifyOptions) {
  return options.admin_api_url ? options.admin_api_url.replace(/\/$/, "") : `https://${options.shop}`
}

/** The Admin API's GraphQL endpoint for these options. */
export function adminGraphqlUrl(options: ResolvedShopifyOptions) {
  return options.admin_api_url
    ? `${options.admin_api_url.replace(/\/$/, "")}/admin/api/${options.api_version}/graphql.json`
    : `https://${options.shop}/admin/api/${options.api_version}/graphql.json`
}
