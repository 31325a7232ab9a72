import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { returnExpiredShopifyCodeStep } from "../steps/return-expired-shopify-code"

export const returnExpiredShopifyCodeWorkflowId = "kapy-return-expired-shopify-code"

/**
 * Gives back the cones of a discount code that expired unused, and deletes
 * the code on Shopify; a used code is only marked used. Once per code.
 *
 * @example
 * await returnExpiredShopifyCodeWorkflow(container).run({ input: { code: "KAPY-7QX2M9KPTA" } })
 */
export const returnExpiredShopifyCodeWorkflow = createWorkflow(
  returnExpiredShopifyCodeWorkflowId,
  (input: { code: string }) => {
    const result = returnExpiredShopifyCodeStep(input)
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_REVERSED,
      data: transform({ result }, ({ result }) => eventPayloads([result])),
    })
    return new WorkflowResponse(result)
  }
)
