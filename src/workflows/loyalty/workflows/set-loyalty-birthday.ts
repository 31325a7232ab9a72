import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ensureLoyaltyAccountStep } from "../steps/ensure-loyalty-account"
import { setBirthdayStep } from "../steps/set-birthday"
import { validateCustomerExistsStep } from "../steps/validate-customer-exists"

export const setLoyaltyBirthdayWorkflowId = "kapy-set-loyalty-birthday"

/**
 * Sets a customer's birthday for the yearly birthday bonus, making them a
 * member first if they are not yet. A member sets it once (a different date
 * later is a 409); the shop's admin can correct it with `overwrite`.
 *
 * @example
 * await setLoyaltyBirthdayWorkflow(container).run({
 *   input: { customer_id: "cus_123", birthday: "1990-04-12", overwrite: false },
 * })
 */
export const setLoyaltyBirthdayWorkflow = createWorkflow(
  setLoyaltyBirthdayWorkflowId,
  (input: { customer_id: string; birthday: string; overwrite: boolean }) => {
    const customer = validateCustomerExistsStep({ customer_id: input.customer_id })
    ensureLoyaltyAccountStep(customer)
    return new WorkflowResponse(setBirthdayStep(input))
  }
)
