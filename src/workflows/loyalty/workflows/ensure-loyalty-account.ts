import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureLoyaltyAccountStep } from "../steps/ensure-loyalty-account"
import { validateCustomerExistsStep } from "../steps/validate-customer-exists"

export const ensureLoyaltyAccountWorkflowId = "kapy-ensure-loyalty-account"

/**
 * Makes a Medusa customer a member: their loyalty account and the identity
 * that links it to them, created once however often it runs.
 *
 * @example
 * const { result: account } = await ensureLoyaltyAccountWorkflow(container).run({
 *   input: { customer_id: "cus_123" },
 * })
 */
export const ensureLoyaltyAccountWorkflow = createWorkflow(
  ensureLoyaltyAccountWorkflowId,
  (input: { customer_id: string }) => {
    const customer = validateCustomerExistsStep({ customer_id: input.customer_id })
    const account = ensureLoyaltyAccountStep(customer)
    return new WorkflowResponse(account)
  }
)
