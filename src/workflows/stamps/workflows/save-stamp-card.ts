import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { saveStampCardStep } from "../steps/save-stamp-card"

export const saveStampCardWorkflowId = "kapy-save-stamp-card"

/**
 * Creates a stamp card or changes one (`id`): stamps needed, what earns a
 * stamp, the minimum per currency and the reward when full.
 *
 * @example
 * await saveStampCardWorkflow(container).run({
 *   input: { name: "Coffee", stamps_needed: 10, trigger: { kind: "order" }, reward: { type: "amount_off", amount: "5", currency_code: "eur" } },
 * })
 */
export const saveStampCardWorkflow = createWorkflow(saveStampCardWorkflowId, (input: Parameters<LoyaltyModuleService["saveStampCard"]>[0]) => {
  return new WorkflowResponse(saveStampCardStep(input))
})
