import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { pointsEventData } from "../../earning/utils/events"

export const expirePointsStepId = "kapy-expire-points"

/**
 * Expires every point due at `now` (per lot, or a whole balance after
 * inactivity), batch by batch; safe with a second worker running at the
 * same time. Returns the `loyalty.points_expired` payloads: the points
 * event's fields and when the points were due. No compensation: an expiry
 * that was due stays done (an admin can reverse its entry).
 *
 * @example
 * const expired = expirePointsStep({ now, batch_size: 500 })
 */
export const expirePointsStep = createStep(
  expirePointsStepId,
  async (input: { now?: Date | string; batch_size?: number }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const now = input.now ? new Date(input.now) : new Date()
    const { entries } = await loyalty.expirePoints({ now, limit: input.batch_size })
    const customers = await loyalty.listCustomerIdsOfAccounts(entries.map((e) => e.account_id))
    return new StepResponse(
      entries.map((entry) => ({
        ...pointsEventData(entry, customers.get(entry.account_id) ?? null),
        expired_at: (entry.metadata as { expired_at?: string } | null)?.expired_at ?? null,
      }))
    )
  }
)
