import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { StampCompletionRow } from "../../../modules/loyalty/stamps/stamp-store"

export const recordOrderStampsStepId = "kapy-record-order-stamps"

/**
 * Stamps the member's cards for the order, once per card and order, and
 * returns the cards it filled with those filled before whose reward is
 * still owed. No compensation: a stamp is due for the order whatever
 * follows, and recording it again changes nothing; a card whose reward a
 * later step failed to make is rewarded by the member's next stamping run
 * (a redelivered `order.placed`, or their next qualifying order).
 *
 * @example
 * const filled = recordOrderStampsStep(plan)
 */
export const recordOrderStampsStep = createStep(
  recordOrderStampsStepId,
  async (plan: { customer_id: string; order_id: string; card_ids: string[] } | null, { container }) => {
    if (!plan) {
      return new StepResponse<StampCompletionRow[]>([])
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    return new StepResponse(
      await loyalty.recordOrderStamps({ member: { customer_id: plan.customer_id }, order_id: plan.order_id, card_ids: plan.card_ids })
    )
  }
)
