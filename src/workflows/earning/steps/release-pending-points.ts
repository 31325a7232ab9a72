import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import type { LoyaltyEntryDTO } from "../../../types/loyalty"

export const releasePendingPointsStepId = "kapy-release-pending-points"

/**
 * Releases every pending lot due at `now`, batch by batch. Each release is
 * its own locked transaction with a per-lot idempotency key, so a second
 * worker running at the same time releases nothing twice. No compensation:
 * a release is due whatever happens after it.
 */
export const releasePendingPointsStep = createStep(
  releasePendingPointsStepId,
  async (input: { now?: Date | string; batch_size?: number }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const now = input.now ? new Date(input.now) : new Date()
    const entries: LoyaltyEntryDTO[] = []
    for (;;) {
      const batch = await loyalty.releasePendingPoints({ now, limit: input.batch_size ?? 500 })
      entries.push(...batch.entries)
      if (batch.released_lots === 0) {
        break
      }
    }
    const customers = await loyalty.listCustomerIdsOfAccounts(entries.map((e) => e.account_id))
    return new StepResponse(entries.map((entry) => ({ entry, customer_id: customers.get(entry.account_id) ?? null })))
  }
)
