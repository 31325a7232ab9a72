import { Module } from "@medusajs/framework/utils"
import ReviewModuleService from "./service"

/** The container name of Kapy's product reviews module (Medusa has none of its own). */
export const KAPY_REVIEWS_MODULE = "kapy_reviews"

export default Module(KAPY_REVIEWS_MODULE, {
  service: ReviewModuleService,
})

export { ReviewModuleService }
