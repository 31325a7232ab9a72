import { Module } from "@medusajs/framework/utils"
import LoyaltyModuleService from "./service"

/**
 * The container name of Kapy's loyalty module. Not "loyalty": Medusa's own
 * `@medusajs/loyalty-plugin` registers that name, and a shop may run both.
 */
export const KAPY_LOYALTY_MODULE = "kapy_loyalty"

export default Module(KAPY_LOYALTY_MODULE, {
  service: LoyaltyModuleService,
})

export { LoyaltyModuleService }
export type { LoyaltyModuleOptions } from "./service"
export * from "./program/program-settings"
export { cartRedemptionScope, orderEarningScope } from "./reads/ledger-reads"
