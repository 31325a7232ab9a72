import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { validateCustomerExistsStep } from "../../loyalty/steps/validate-customer-exists"
import { validateMemberExistsStep } from "../../loyalty/steps/validate-member-exists"
import { setTierOverrideStep, SetTierOverrideInput } from "../steps/set-tier-override"
import { applyTierChanges } from "./apply-tier-changes"

export const setTierOverrideWorkflowId = "kapy-set-tier-override"

/**
 * An admin sets a tier floor for a member (`override`: the member holds at
 * least `tier_id` until `until`, attributed to `by`), or ends it
 * (`override: null`). The member is named by Medusa customer
 * (`customer_id`) or by account (`account_id`: a member who may have no
 * Medusa customer, e.g. one who only shops on Shopify). The member is evaluated at once and the change
 * applied (group, carts, `loyalty.tier_changed`).
 *
 * @example
 * await setTierOverrideWorkflow(container).run({
 *   input: { customer_id: "cus_123", override: { tier_id: "ktier_gold", reason: "Press", until: "2027-01-01", by: "user_1" } },
 * })
 * await setTierOverrideWorkflow(container).run({ input: { account_id: "kacc_123", override: null } })
 */
export const setTierOverrideWorkflow = createWorkflow(
  setTierOverrideWorkflowId,
  (input: SetTierOverrideInput) => {
    when({ input }, ({ input }) => !!input.customer_id).then(() => {
      validateCustomerExistsStep({ customer_id: input.customer_id! })
    })
    when({ input }, ({ input }) => !input.customer_id).then(() => {
      validateMemberExistsStep({ account_id: input.account_id! })
    })
    const result = setTierOverrideStep(input)
    applyTierChanges(transform({ result }, ({ result }) => (result.change ? [result.change] : [])))
    return new WorkflowResponse(result)
  }
)
