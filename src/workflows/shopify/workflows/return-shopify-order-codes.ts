import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { returnShopifyOrderCodesStep, ShopifyOrderCodesInput } from "../steps/return-shopify-order-codes"

export const returnShopifyOrderCodesWorkflowId = "kapy-return-shopify-order-codes"

/**
 * Cones spent on Shopify come back when the purchase does not happen: the
 * cone codes a cancelled (or fully refunded) order used give their cones
 * back, once per code, and are deleted on Shopify.
 *
 * @example
 * await returnShopifyOrderCodesWorkflow(container).run({
 *   input: { shop_domain: "kapy.myshopify.com", order_id: "820982911946154508", codes: ["KAPY-7QX2M9KPTA"], cause: "canceled" },
 * })
 */
export const returnShopifyOrderCodesWorkflow = createWorkflow(returnShopifyOrderCodesWorkflowId, (input: ShopifyOrderCodesInput) => {
  const returned = returnShopifyOrderCodesStep(input)
  emitEventStep({
    eventName: LoyaltyEvents.POINTS_REVERSED,
    data: transform({ returned }, ({ returned }) => eventPayloads(returned)),
  })
  return new WorkflowResponse(returned)
})
