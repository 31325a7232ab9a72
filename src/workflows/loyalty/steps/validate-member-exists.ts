import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const validateMemberExistsStepId = "kapy-validate-member-exists"

/**
 * Fails with NOT_FOUND unless the loyalty account exists, and returns the
 * account that stands for it (the one a merged account went into). For
 * writes addressed to a member by account id, who may have no Medusa
 * customer (a Shopify-only member).
 *
 * @example
 * const member = validateMemberExistsStep({ account_id: "kacc_123" })
 */
export const validateMemberExistsStep = createStep(
  validateMemberExistsStepId,
  async ({ account_id }: { account_id: string }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const account = account_id ? await loyalty.retrieveMember({ account_id }) : null
    if (!account) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Loyalty account with id: ${account_id} was not found`)
    }
    return new StepResponse({ account_id: account.id })
  }
)
