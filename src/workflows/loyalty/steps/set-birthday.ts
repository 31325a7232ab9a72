import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const setBirthdayStepId = "kapy-set-birthday"

/**
 * Sets a member's birthday: once by the member, again only by the shop
 * (`overwrite`). No compensation: it is the workflow's last step.
 */
export const setBirthdayStep = createStep(
  setBirthdayStepId,
  async (input: { customer_id: string; birthday: string; overwrite: boolean }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse(
      await loyalty.setBirthday({ customer_id: input.customer_id }, input.birthday, { overwrite: input.overwrite })
    )
  }
)
