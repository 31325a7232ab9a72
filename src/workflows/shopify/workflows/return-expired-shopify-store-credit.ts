import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { returnExpiredShopifyStoreCreditStep } from "../steps/return-expired-shopify-store-credit"

export const returnExpiredShopifyStoreCreditWorkflowId = "kapy-return-expired-shopify-store-credit"

/**
 * Gives back the cones of the part of a Shopify store credit that expired
 * unused, as Shopify's credit transaction tells it; a credit used up is
 * only marked used. Once per credit.
 *
 * @example
 * await returnExpiredShopifyStoreCreditWorkflow(container).run({ input: { id: "kssr_…" } })
 */
export const returnExpiredShopifyStoreCreditWorkflow = createWorkflow(
  returnExpiredShopifyStoreCreditWorkflowId,
  (input: { id: string }) => {
    const result = returnExpiredShopifyStoreCreditStep(input)
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_REVERSED,
      data: transform({ result }, ({ result }) => eventPayloads([result])),
    })
    return new WorkflowResponse(result)
  }
)
