import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { claimApprovedData } from "../claim-events"
import { decideClaimsStep } from "../steps/decide-claims"
import { rejectClaimStep } from "../steps/reject-claim"

export const decideLoyaltyClaimsWorkflowId = "kapy-decide-loyalty-claims"

/**
 * An admin approves or rejects many claims at once. Each is decided once
 * (a claim decided meanwhile, by another admin or an earlier request, is
 * reported with a 409-type result), and the approved ones emit
 * `loyalty.claim_approved` and `loyalty.points_earned`.
 *
 * @example
 * await decideLoyaltyClaimsWorkflow(container).run({ input: { claim_ids: ["kclm_1"], decision: "approve", actor_id: "user_123" } })
 */
export const decideLoyaltyClaimsWorkflow = createWorkflow(
  decideLoyaltyClaimsWorkflowId,
  (input: { claim_ids: string[]; decision: "approve" | "reject"; reason?: string | null; actor_id?: string | null }) => {
    const decided = decideClaimsStep(input)
    emitEventStep({
      eventName: LoyaltyEvents.CLAIM_APPROVED,
      data: transform({ decided, input }, ({ decided, input }) =>
        input.decision !== "approve"
          ? []
          : decided.results.flatMap((r) =>
              r.ok ? [claimApprovedData(r.claim, decided.ledger.find((l) => l.entry.id === r.claim.entry_id) ?? null)] : []
            )
      ),
    }).config({ name: "emit-claims-approved" })
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_EARNED,
      data: transform({ decided }, ({ decided }) => eventPayloads(decided.ledger)),
    }).config({ name: "emit-claims-points-earned" })
    return new WorkflowResponse(transform({ decided }, ({ decided }) => decided.results))
  }
)

export const rejectLoyaltyClaimWorkflowId = "kapy-reject-loyalty-claim"

/**
 * An admin rejects a pending claim with a reason; 409 when it is decided.
 *
 * @example
 * await rejectLoyaltyClaimWorkflow(container).run({ input: { claim_id: "kclm_123", reason: "Not following", actor_id: "user_123" } })
 */
export const rejectLoyaltyClaimWorkflow = createWorkflow(
  rejectLoyaltyClaimWorkflowId,
  (input: { claim_id: string; reason: string; actor_id?: string | null }) => new WorkflowResponse(rejectClaimStep(input))
)
