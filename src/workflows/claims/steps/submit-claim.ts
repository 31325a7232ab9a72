import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { SubmitClaimInput } from "../../../types/awards"

export const submitClaimStepId = "kapy-submit-claim"

/**
 * Records a member's claim (pending) under the program's limits; answers
 * whether it is approved automatically. Compensation: the claim goes while
 * it is still pending.
 *
 * @example
 * submitClaimStep({ account_id: "kacc_123", type: "social_follow", platform: "instagram", handle: "@aino" })
 */
export const submitClaimStep = createStep(
  submitClaimStepId,
  async (input: SubmitClaimInput, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const submitted = await loyalty.submitClaim(input)
    return new StepResponse(submitted, submitted.claim.id)
  },
  async (claimId, { container }) => {
    if (claimId) {
      await container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE).discardClaim(claimId)
    }
  }
)
