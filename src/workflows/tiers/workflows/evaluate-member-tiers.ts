import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { MemberRef } from "../../../types/loyalty"
import { evaluateMemberTiersStep } from "../steps/evaluate-member-tiers"
import { applyTierChanges } from "./apply-tier-changes"

export const evaluateMemberTiersWorkflowId = "kapy-evaluate-member-tiers"

/**
 * Evaluates members' tiers now and applies the changes (customer group,
 * open carts, `loyalty.tier_changed`). Run by every qualifying event's
 * workflow as a step, and on its own after a change of the tier set.
 *
 * @example
 * await evaluateMemberTiersWorkflow(container).run({ input: { members: [{ customer_id: "cus_123" }] } })
 */
export const evaluateMemberTiersWorkflow = createWorkflow(
  evaluateMemberTiersWorkflowId,
  (input: { members: (MemberRef | null | undefined)[]; now?: Date | string }) => {
    const changes = evaluateMemberTiersStep(input)
    applyTierChanges(changes)
    return new WorkflowResponse(changes)
  }
)
