import { Module } from "@medusajs/framework/utils"
import ShopifyModuleService from "./service"

/** The container name of Kapy's Shopify adapter module. */
export const KAPY_SHOPIFY_MODULE = "kapy_shopify"

export default Module(KAPY_SHOPIFY_MODULE, {
  service: ShopifyModuleService,
})

export { ShopifyModuleService }
export * from "./options"
export { isShopifyUnreachable, ShopifyAdminClient, ShopifyAdminError, ShopifyUnreachableError } from "./admin-client"
