import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { evaluateMemberTiersStep } from "../../tiers/steps/evaluate-member-tiers"
import { applyTierChanges } from "../../tiers/workflows/apply-tier-changes"
import { recordShopifyTierReversalStep } from "../steps/record-shopify-tier-reversal"
import { reverseShopifyOrderPointsStep, ShopifyReversalInput } from "../steps/reverse-shopify-order-points"

export const reverseShopifyOrderPointsWorkflowId = "kapy-reverse-shopify-order-points"

/**
 * Takes back what a Shopify order earned: all of it on `orders/cancelled`,
 * the refunded share on `refunds/create` (cumulative over every refund,
 * never more than earned), and takes what came back off the member's tier
 * metric (a downgrade waits for the grace period).
 *
 * @example
 * await reverseShopifyOrderPointsWorkflow(container).run({
 *   input: { shop_domain: "kapy.myshopify.com", order_id: "820982911946154508", cause: "canceled" },
 * })
 */
export const reverseShopifyOrderPointsWorkflow = createWorkflow(
  reverseShopifyOrderPointsWorkflowId,
  (input: ShopifyReversalInput) => {
    const result = reverseShopifyOrderPointsStep(input)
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_REVERSED,
      data: transform({ result }, ({ result }) => eventPayloads([result])),
    })
    const member = recordShopifyTierReversalStep(input)
    const changes = evaluateMemberTiersStep({ members: transform({ member }, ({ member }) => [member]) })
    applyTierChanges(changes)
    return new WorkflowResponse(result)
  }
)
