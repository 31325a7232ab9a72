import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { removeTierPricingStep } from "../steps/ensure-tier-pricing"
import { evaluateMemberTiersStep } from "../steps/evaluate-member-tiers"
import { saveTierStep } from "../steps/save-tier"
import { applyTierChanges } from "./apply-tier-changes"

export const deleteLoyaltyTierWorkflowId = "kapy-delete-loyalty-tier"

const listTierHoldersStep = createStep(
  "kapy-list-tier-holders",
  async (input: { id: string }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const ids = await loyalty.listTierHolderAccountIds(input.id)
    return new StepResponse(ids.map((account_id) => ({ account_id })))
  }
)

/**
 * Deletes a tier (the remaining set must still stand: an entry tier at 0,
 * thresholds increasing) and moves its holders by re-evaluating them; an
 * override to it ends. Then removes its customer group, price list and
 * promotion from Medusa.
 *
 * @example
 * await deleteLoyaltyTierWorkflow(container).run({ input: { id: "ktier_123" } })
 */
export const deleteLoyaltyTierWorkflow = createWorkflow(deleteLoyaltyTierWorkflowId, (input: { id: string }) => {
  const holders = listTierHoldersStep(input)
  const saved = saveTierStep({ id: input.id, delete: true })
  const changes = evaluateMemberTiersStep({ members: holders })
  applyTierChanges(changes)
  removeTierPricingStep({ tier: transform({ saved }, ({ saved }) => saved.deleted) })
  return new WorkflowResponse(transform({ saved, changes }, ({ saved, changes }) => ({ id: saved.deleted!.id, moved: changes.length })))
})
