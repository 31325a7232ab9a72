import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const decideClaimsStepId = "kapy-decide-claims"

/**
 * Approves or rejects each of many claims in its own transaction, and
 * reports each one (a claim already decided is a 409 in its result, not a
 * failure of the rest). Rejection needs a reason. No compensation: each
 * decision is final and stands alone, as if made one click at a time.
 *
 * @example
 * decideClaimsStep({ claim_ids: ["kclm_1", "kclm_2"], decision: "approve", actor_id: "user_123" })
 */
export const decideClaimsStep = createStep(
  decideClaimsStepId,
  async (
    input: { claim_ids: string[]; decision: "approve" | "reject"; reason?: string | null; actor_id?: string | null },
    { container }
  ) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse(await loyalty.decideClaims(input))
  }
)
