import type { TierChange } from "../../../types/loyalty"

/**
 * `loyalty.tier_changed`'s payload: one per change of a member's held
 * tier. A new member placed in the entry tier is no news (`initial`): not
 * announced.
 */
export function tierChangedPayloads(changes: (TierChange | null | undefined)[]) {
  return changes
    .filter((c): c is TierChange => !!c && !c.initial)
    .map((c) => ({
      account_id: c.account_id,
      customer_id: c.customer_id,
      from: c.from,
      to: c.to,
      reason: c.reason,
      changed_at: c.changed_at,
    }))
}
