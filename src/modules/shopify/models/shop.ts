import { model } from "@medusajs/framework/utils"

/**
 * A shop the app is installed on: its offline Admin API token from the
 * OAuth install (expiring, with its refresh token), encrypted at rest (AES-256-GCM, key from the environment),
 * and when it was installed or uninstalled. A custom app's token comes from
 * the plugin options and is never stored.
 */
const ShopifyShop = model
  .define(
    { tableName: "kapy_shopify_shop", name: "ShopifyShop" },
    {
      id: model.id({ prefix: "kssh" }).primaryKey(),
      shop_domain: model.text(),
      /** `iv.tag.ciphertext`, base64 each; null once uninstalled. */
      access_token_encrypted: model.text().nullable(),
      /** When the offline token expires (null: a non-expiring token, from an install before expiring tokens). */
      access_token_expires_at: model.dateTime().nullable(),
      /** The expiring token's refresh token, encrypted as the token is; Shopify replaces it on every use. */
      refresh_token_encrypted: model.text().nullable(),
      refresh_token_expires_at: model.dateTime().nullable(),
      scopes: model.text().nullable(),
      currency_code: model.text().nullable(),
      installed_at: model.dateTime().nullable(),
      uninstalled_at: model.dateTime().nullable(),
    }
  )
  .indexes([{ on: ["shop_domain"], unique: true }])

export default ShopifyShop
