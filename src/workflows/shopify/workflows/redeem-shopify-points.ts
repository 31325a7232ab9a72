import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { createShopifyDiscountCodeStep } from "../steps/create-shopify-discount-code"
import { prepareShopifyRedemptionStep } from "../steps/prepare-shopify-redemption"
import { spendShopifyPointsStep } from "../steps/spend-shopify-points"

export const redeemShopifyPointsWorkflowId = "kapy-redeem-shopify-points"

/**
 * Pays with cones on any Shopify plan: checks the redemption rules, takes
 * the cones, and creates a single-use discount code worth them for that
 * customer only. If Shopify does not create the code, the cones come back
 * (the spend step's compensation). Not enough cones: 409, nothing taken,
 * no code.
 *
 * @example
 * const { result } = await redeemShopifyPointsWorkflow(container).run({
 *   input: { customer_id: "115310627314723954", points: 500 },
 * })
 * // result.code.code → "KAPY-…", result.code.amount → "5"
 */
export const redeemShopifyPointsWorkflow = createWorkflow(
  redeemShopifyPointsWorkflowId,
  (input: { customer_id: string; points: number; now?: Date }) => {
    const plan = prepareShopifyRedemptionStep(input)
    const spent = spendShopifyPointsStep(plan)
    const code = createShopifyDiscountCodeStep(
      transform({ plan, spent }, ({ plan, spent }) => ({ plan, spend_entry_id: spent.entry.id }))
    )
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_REDEEMED,
      data: transform({ spent }, ({ spent }) => eventPayloads([spent])),
    })
    return new WorkflowResponse(transform({ code, spent }, ({ code, spent }) => ({ code, account: spent.account })))
  }
)
