import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureLoyaltyAccountStep } from "../steps/ensure-loyalty-account"
import { validateCustomerExistsStep } from "../steps/validate-customer-exists"

export const ensureLoyaltyAccountWorkflowId = "kapy-ensure-loyalty-account"

/**
 * Returns a customer's loyalty account, creating it on first need.
 *
 * @example
 * const { result: account } = await ensureLoyaltyAccountWorkflow(container).run({
 *   input: { customer_id: "cus_123" },
 * })
 */
export const ensureLoyaltyAccountWorkflow = createWorkflow(
  ensureLoyaltyAccountWorkflowId,
  (input: { customer_id: string }) => {
    validateCustomerExistsStep({ customer_id: input.customer_id })
    const account = ensureLoyaltyAccountStep({ customer_id: input.customer_id })
    return new WorkflowResponse(account)
  }
)
