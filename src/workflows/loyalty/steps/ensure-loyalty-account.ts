import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const ensureLoyaltyAccountStepId = "kapy-ensure-loyalty-account"

/**
 * Returns the member's account, creating it on first need. No compensation:
 * the account is created idempotently and an empty account changes no
 * balance, while deleting one could race with a concurrent first earn.
 */
export const ensureLoyaltyAccountStep = createStep(
  ensureLoyaltyAccountStepId,
  async ({ customer_id }: { customer_id: string }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse(await loyalty.retrieveOrCreateAccount(customer_id))
  }
)
