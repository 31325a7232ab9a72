import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const approveClaimStepId = "kapy-approve-claim"

/**
 * Approves a pending claim and credits its cones in one transaction (409
 * when it is decided already, also when two approvals race). Compensation:
 * the entry is voided and the claim is pending again.
 *
 * @example
 * approveClaimStep({ claim_id: "kclm_123", actor_type: "user", actor_id: "user_123" })
 */
export const approveClaimStep = createStep(
  approveClaimStepId,
  async (input: { claim_id: string; actor_type?: "user" | "system"; actor_id?: string | null }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const approved = await loyalty.approveClaim(input)
    return new StepResponse(approved, approved.claim.id)
  },
  async (claimId, { container }) => {
    if (claimId) {
      await container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE).undoClaimApproval(claimId)
    }
  }
)
