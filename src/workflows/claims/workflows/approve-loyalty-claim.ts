import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { claimApprovedData } from "../claim-events"
import { approveClaimStep } from "../steps/approve-claim"

export const approveLoyaltyClaimWorkflowId = "kapy-approve-loyalty-claim"

/**
 * Approves a claim (an admin, or the program's auto-approval) and credits
 * its cones once. Emits `loyalty.claim_approved` and `loyalty.points_earned`.
 *
 * @example
 * await approveLoyaltyClaimWorkflow(container).run({ input: { claim_id: "kclm_123", actor_type: "user", actor_id: "user_123" } })
 */
export const approveLoyaltyClaimWorkflow = createWorkflow(
  approveLoyaltyClaimWorkflowId,
  (input: { claim_id: string; actor_type?: "user" | "system"; actor_id?: string | null }) => {
    const approved = approveClaimStep(input)
    emitEventStep({
      eventName: LoyaltyEvents.CLAIM_APPROVED,
      data: transform({ approved }, ({ approved }) => claimApprovedData(approved.claim, approved.result)),
    }).config({ name: "emit-claim-approved" })
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_EARNED,
      data: transform({ approved }, ({ approved }) => eventPayloads([approved.result])),
    }).config({ name: "emit-claim-points-earned" })
    return new WorkflowResponse(transform({ approved }, ({ approved }) => approved.claim))
  }
)
