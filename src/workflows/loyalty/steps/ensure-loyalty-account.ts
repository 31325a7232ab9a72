import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const ensureLoyaltyAccountStepId = "kapy-ensure-loyalty-account"

/**
 * Returns a Medusa customer's account, making it (with the customer's
 * identity) on first need. No compensation: it is made idempotently, an
 * empty account changes no balance, and accounts are never deleted — their
 * history would go with them.
 */
export const ensureLoyaltyAccountStep = createStep(
  ensureLoyaltyAccountStepId,
  async (customer: { id: string; email?: string | null }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse(await loyalty.ensureCustomerMember(customer))
  }
)
