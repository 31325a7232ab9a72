import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { LedgerResult } from "../../../types/loyalty"
import type { LoyaltyReferralDTO } from "../../../types/referrals"
import { orderGivenBack } from "./void-referrals-of-order"

export const completeDueReferralsStepId = "kapy-complete-due-referrals"

export type CompletedReferral = {
  referral: LoyaltyReferralDTO
  result: LedgerResult | null
  referrer_customer_id: string | null
}

/**
 * Rewards the referrers of referrals whose qualifying order passed its
 * pending period by `now` — unless the order was cancelled or fully
 * refunded meanwhile (then the referral is voided). Each completion is
 * its own locked transaction keyed by the referral, so running twice, or
 * in two workers at once, rewards once. One failing referral does not stop
 * the others (the next run retries it). No compensation: a completed
 * referral was due.
 *
 * @example
 * const completed = completeDueReferralsStep({ now: new Date() })
 */
export const completeDueReferralsStep = createStep(
  completeDueReferralsStepId,
  async (input: { now?: Date | string }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const logger = container.resolve("logger")
    const now = input.now ? new Date(input.now) : new Date()
    const completed: CompletedReferral[] = []
    for (const due of await loyalty.listDueReferrals({ now })) {
      try {
        const givenBack = await orderGivenBack(container, due.order_id!)
        if (givenBack) {
          await loyalty.voidReferralsOfOrder({ order_id: due.order_id!, reason: givenBack })
          continue
        }
        const outcome = await loyalty.completeReferral({ referral_id: due.id, now })
        if (outcome?.referral.status === "completed") {
          completed.push({ ...outcome, referrer_customer_id: outcome.result?.account.customer_id ?? null })
        }
      } catch (error) {
        logger.warn(`kapy: could not complete referral ${due.id}, retrying on the next run: ${(error as Error).message}`)
      }
    }
    return new StepResponse(completed)
  }
)
