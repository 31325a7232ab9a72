import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { LedgerActorType } from "../../../types/loyalty"
import { leaveLoyaltyProgramStep } from "../steps/leave-loyalty-program"

export const leaveLoyaltyProgramWorkflowId = "kapy-leave-loyalty-program"

/**
 * A member leaves the program: the account is closed, its balance
 * forfeited by one `forfeit` entry, and the data erased after the shop's
 * retention (`privacy.retention_days`, by the erase-departed-members job).
 *
 * @example
 * await leaveLoyaltyProgramWorkflow(container).run({ input: { account_id, actor_type: "customer", actor_id: customerId } })
 */
export const leaveLoyaltyProgramWorkflow = createWorkflow(
  leaveLoyaltyProgramWorkflowId,
  (input: { account_id: string; actor_type: LedgerActorType; actor_id?: string | null }) => {
    return new WorkflowResponse(leaveLoyaltyProgramStep(input))
  }
)
