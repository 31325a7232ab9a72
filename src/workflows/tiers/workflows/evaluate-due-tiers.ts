import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { evaluateDueTiersStep } from "../steps/evaluate-due-tiers"
import { applyTierChanges } from "./apply-tier-changes"

export const evaluateDueTiersWorkflowId = "kapy-evaluate-due-tiers"

/**
 * One batch of the downgrade job: evaluates the accounts whose grace
 * period or override ended or whose window moved, and applies the
 * changes. Run it with `after_id` = the last batch's `last_id` until that
 * is null (the job does: one pass over the accounts). Safe with two
 * workers: each account is evaluated by one, and a change is emitted once.
 *
 * @example
 * const { result } = await evaluateDueTiersWorkflow(container).run({ input: { limit: 500 } })
 */
export const evaluateDueTiersWorkflow = createWorkflow(
  evaluateDueTiersWorkflowId,
  (input: { now?: Date | string; limit?: number; after_id?: string | null }) => {
    const batch = evaluateDueTiersStep(input)
    applyTierChanges(transform({ batch }, ({ batch }) => batch.changes))
    return new WorkflowResponse(batch)
  }
)
