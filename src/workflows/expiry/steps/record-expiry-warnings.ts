import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"

export const recordExpiryWarningsStepId = "kapy-record-expiry-warnings"

/** The payload of `loyalty.points_expiring`: who, how many points, and when they expire. */
export type PointsExpiringData = {
  account_id: string
  customer_id: string | null
  notice_id: string
  lot_id: string | null
  points: number
  expires_at: string
}

/**
 * Records the expiry warnings due at `now`, once per lot (or account and
 * inactivity clock) however often the job runs: only warnings recorded by
 * this run come back, for their events. No compensation: a warning that
 * was due stays due.
 *
 * @example
 * const warnings = recordExpiryWarningsStep({ now })
 */
export const recordExpiryWarningsStep = createStep(
  recordExpiryWarningsStepId,
  async (input: { now?: Date | string }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const now = input.now ? new Date(input.now) : new Date()
    const notices = await loyalty.recordExpiryWarnings({ now })
    const customers = await loyalty.listCustomerIdsOfAccounts(notices.map((n) => n.account_id))
    return new StepResponse<PointsExpiringData[]>(
      notices.map((n) => ({
        account_id: n.account_id,
        customer_id: customers.get(n.account_id) ?? null,
        notice_id: n.id,
        lot_id: n.lot_id,
        points: n.points,
        expires_at: new Date(n.expires_at).toISOString(),
      }))
    )
  }
)
