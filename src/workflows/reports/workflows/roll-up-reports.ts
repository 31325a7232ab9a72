import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { rollUpReportsStep } from "../steps/roll-up-reports"

export const rollUpReportsWorkflowId = "kapy-roll-up-reports"

/**
 * Keeps the admin reports' daily rollup: moves its watermark up to `until`
 * (default now) less the late margin and rolls the days in between and the
 * days late entries marked. Returns the new watermark and what was rolled.
 *
 * @example
 * const { result } = await rollUpReportsWorkflow(container).run({ input: { until: new Date() } })
 */
export const rollUpReportsWorkflow = createWorkflow(rollUpReportsWorkflowId, (input: { until?: Date | string }) => {
  const result = rollUpReportsStep(input)
  return new WorkflowResponse(result)
})
