import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { evaluateAccountTiersStep } from "../steps/evaluate-account-tiers"
import { applyTierChanges } from "./apply-tier-changes"

export const evaluateAccountTiersWorkflowId = "kapy-evaluate-account-tiers"

/**
 * Evaluates many accounts' tiers in one pass and applies the changes
 * (customer group, open carts, `loyalty.tier_changed`): what the batched
 * Shopify earner's outbox runs once per batch, where
 * `evaluateMemberTiersWorkflow` evaluates member by member.
 *
 * @example
 * await evaluateAccountTiersWorkflow(container).run({ input: { account_ids: ["kacc_1", "kacc_2"] } })
 */
export const evaluateAccountTiersWorkflow = createWorkflow(
  evaluateAccountTiersWorkflowId,
  (input: { account_ids: string[]; now?: Date | string }) => {
    const changes = evaluateAccountTiersStep(input)
    applyTierChanges(changes)
    return new WorkflowResponse(changes)
  }
)
