import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { MemberErasureResult } from "../../../types/privacy"

export const eraseLoyaltyMemberStepId = "kapy-erase-loyalty-member"

export type EraseLoyaltyMemberInput =
  | { customer_id: string; whole_member?: boolean }
  | { account_id: string }

/**
 * Erases a person's loyalty data (identities, and when none is left the
 * account's birthday, claim handles, consents and referral code); the
 * ledger stays as it is. No compensation: erased data cannot come back,
 * and erasing again changes nothing.
 *
 * @example
 * const erased = eraseLoyaltyMemberStep({ customer_id: "cus_123" })
 */
export const eraseLoyaltyMemberStep = createStep(
  eraseLoyaltyMemberStepId,
  async (input: EraseLoyaltyMemberInput, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const result = await loyalty.eraseMember(input)
    const customerIds = new Set(result?.customer_ids ?? [])
    if ("customer_id" in input) {
      customerIds.add(input.customer_id)
    }
    return new StepResponse<MemberErasureResult>({
      account_ids: result?.account_ids ?? [],
      customer_ids: [...customerIds],
      shopify_customer_ids: result?.shopify_customer_ids ?? [],
      anonymised_account_ids: result?.anonymised_account_ids ?? [],
    })
  }
)
