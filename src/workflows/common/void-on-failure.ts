import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../modules/loyalty"
import type LoyaltyModuleService from "../../modules/loyalty/service"

/**
 * The compensation of a step that wrote a ledger entry: a reversal entry,
 * since the ledger is append-only. A step whose write was a replay passes
 * no entry id, and nothing is undone.
 */
export function reverseOnFailure(stepId: string) {
  return async (entryId: string | null | undefined, { container }: { container: MedusaContainer }) => {
    if (!entryId) {
      return
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    await loyalty.reversePoints({
      entry_id: entryId,
      idempotency_key: `compensate:${entryId}`,
      actor_type: "system",
      actor_id: stepId,
      note: "Rolled back: the workflow that recorded this entry failed",
    })
  }
}
