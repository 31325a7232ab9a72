import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { evaluateTierPageStep } from "../steps/evaluate-tier-page"
import { applyTierChanges } from "./apply-tier-changes"

export const evaluateTierPageWorkflowId = "kapy-evaluate-tier-page"

/**
 * Re-evaluates one page of every account (`npm run kapy -- tiers:evaluate`
 * walks them page by page) and applies the changes.
 *
 * @example
 * const { result } = await evaluateTierPageWorkflow(container).run({ input: { after_id: null, limit: 500 } })
 * // result.last_id: where the next page starts (null: done)
 */
export const evaluateTierPageWorkflow = createWorkflow(
  evaluateTierPageWorkflowId,
  (input: { after_id?: string | null; limit?: number; now?: Date | string }) => {
    const page = evaluateTierPageStep(input)
    applyTierChanges(transform({ page }, ({ page }) => page.changes))
    return new WorkflowResponse(page)
  }
)
