import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureTierPricingStep } from "../steps/ensure-tier-pricing"
import { saveTierStep, SaveTierInput } from "../steps/save-tier"

export const saveLoyaltyTierWorkflowId = "kapy-save-loyalty-tier"

/**
 * Creates a tier (no `id`) or changes one, checking the whole tier set,
 * then makes its customer group, price list and promotion match it. A
 * changed threshold moves members at their next qualifying event, the
 * downgrade job's next run, or `npm run kapy -- tiers:evaluate`.
 *
 * @example
 * await saveLoyaltyTierWorkflow(container).run({
 *   input: { name: { en: "Platinum", fi: "Platina" }, threshold: "5000", multiplier: "2", discount_percent: "10" },
 * })
 */
export const saveLoyaltyTierWorkflow = createWorkflow(
  saveLoyaltyTierWorkflowId,
  (input: Omit<SaveTierInput, "delete">) => {
    const saved = saveTierStep(input)
    const tiers = ensureTierPricingStep({ tier_ids: transform({ saved }, ({ saved }) => [saved.tier!.id]) })
    return new WorkflowResponse(transform({ tiers }, ({ tiers }) => tiers[0]))
  }
)
