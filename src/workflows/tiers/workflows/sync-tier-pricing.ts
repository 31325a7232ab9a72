import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureTierPricingStep } from "../steps/ensure-tier-pricing"

export const syncTierPricingWorkflowId = "kapy-sync-tier-pricing"

/**
 * Makes every tier's Medusa side exist and match it: the customer group,
 * the price list restricted to it and, with a `discount_percent`, the
 * automatic promotion — made anew when someone deleted them in Medusa's
 * admin. Idempotent. Run by the hourly tier job, by
 * `POST /admin/loyalty/tier-pricing`, and by the demo seed; saving a tier
 * and a member's first tier change run it for what they need.
 *
 * @example
 * const { result: tiers } = await syncTierPricingWorkflow(container).run({ input: {} })
 */
export const syncTierPricingWorkflow = createWorkflow(syncTierPricingWorkflowId, (_input: Record<string, never>) => {
  return new WorkflowResponse(ensureTierPricingStep({}))
})
