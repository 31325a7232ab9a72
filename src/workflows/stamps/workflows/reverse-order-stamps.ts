import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { reverseOrderStampsStep } from "../steps/reverse-order-stamps"

export const reverseOrderStampsWorkflowId = "kapy-reverse-order-stamps"

/**
 * A cancelled order takes back its stamps, like its points; a card filled
 * meanwhile then owes the stamp (the next one pays it).
 *
 * @example
 * await reverseOrderStampsWorkflow(container).run({ input: { order_id: "order_123" } })
 */
export const reverseOrderStampsWorkflow = createWorkflow(reverseOrderStampsWorkflowId, (input: { order_id: string }) => {
  return new WorkflowResponse(reverseOrderStampsStep(input))
})
