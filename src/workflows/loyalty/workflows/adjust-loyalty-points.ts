import { createWorkflow, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { AdjustPointsInput } from "../../../types/loyalty"
import { adjustPointsStep } from "../steps/adjust-points"
import { ensureLoyaltyAccountStep } from "../steps/ensure-loyalty-account"
import { validateCustomerExistsStep } from "../steps/validate-customer-exists"

export const adjustLoyaltyPointsWorkflowId = "kapy-adjust-loyalty-points"

/**
 * An admin adds or removes points with a reason. Removing never takes the
 * balance below zero; the same idempotency key never records twice.
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
    const result = adjustPointsStep(input)
    return new WorkflowResponse(result)
  }
)
