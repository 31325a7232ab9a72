import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { AdjustPointsInput } from "../../../types/loyalty"
import { evaluateMemberTiersStep } from "../../tiers/steps/evaluate-member-tiers"
import { applyTierChanges } from "../../tiers/workflows/apply-tier-changes"
import { adjustPointsStep } from "../steps/adjust-points"
import { ensureLoyaltyAccountStep } from "../steps/ensure-loyalty-account"
import { validateCustomerExistsStep } from "../steps/validate-customer-exists"
import { validateMemberExistsStep } from "../steps/validate-member-exists"

export const adjustLoyaltyPointsWorkflowId = "kapy-adjust-loyalty-points"

/**
 * An admin adds or removes points with a reason, for a Medusa customer
 * (`customer_id`: made a member on first need) or for a member by account
 * (`account_id`: who may have no Medusa customer, e.g. a Shopify-only
 * member; it must exist). Removing never takes the
 * balance below zero; the same idempotency key never records twice. When
 * the program counts adjustments toward tiers (`tiers.count_adjustments`),
 * the member's tier is evaluated in the same workflow.
 *
 * @example
 * await adjustLoyaltyPointsWorkflow(container).run({
 *   input: {
 *     customer_id: "cus_123",
 *     points: -50,
 *     note: "Duplicate review reward",
 *     idempotency_key: "adj-2026-11-23-1",
 *     actor_type: "user",
 *     actor_id: "user_123",
 *   },
 * })
 */
export const adjustLoyaltyPointsWorkflow = createWorkflow(
  adjustLoyaltyPointsWorkflowId,
  (input: AdjustPointsInput) => {
    when({ input }, ({ input }) => !!input.customer_id).then(() => {
      // the customer must exist, and becomes a member with their identity
      const customer = validateCustomerExistsStep({ customer_id: input.customer_id! })
      ensureLoyaltyAccountStep(customer)
    })
    when({ input }, ({ input }) => !input.customer_id).then(() => {
      validateMemberExistsStep({ account_id: input.account_id! })
    })
    const result = adjustPointsStep(input)
    const changes = evaluateMemberTiersStep({
      members: transform({ result }, ({ result }) => [{ account_id: result.account.id }]),
      adjustment: true,
    })
    applyTierChanges(changes)
    return new WorkflowResponse(result)
  }
)
