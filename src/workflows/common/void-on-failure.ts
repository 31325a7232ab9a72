import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../modules/loyalty"
import type LoyaltyModuleService from "../../modules/loyalty/service"

/**
 * The compensation of a step that wrote a ledger entry: the entry is
 * voided — reversed by an entry marked as its void, since the ledger is
 * append-only — so its idempotency key counts as not done and a retry of
 * the workflow (a redelivered event, a retried checkout) records it anew.
 * A step whose write was a replay passes no entry id: it undoes nothing,
 * since the entry belongs to the run that wrote it.
 */
export function voidOnFailure(stepId: string) {
  return async (entryId: string | null | undefined, { container }: { container: MedusaContainer }) => {
    if (!entryId) {
      return
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    await loyalty.voidEntry({
      entry_id: entryId,
      actor_type: "system",
      actor_id: stepId,
      note: "Rolled back: the workflow that recorded this entry failed",
    })
  }
}
