import { emitEventStep } from "@medusajs/core-flows"
import { transform, WorkflowData } from "@medusajs/framework/workflows-sdk"
import type { TierChange } from "../../../types/loyalty"
import { LoyaltyEvents } from "../../earning/utils/events"
import { refreshMemberCartsStep } from "../steps/refresh-member-carts"
import { syncTierGroupsStep } from "../steps/sync-tier-groups"
import { tierChangedPayloads } from "../utils/tier-events"

/**
 * What follows tier changes in every workflow that evaluates tiers: each
 * member into exactly their tier's customer group, their open carts
 * refreshed (tier prices and the tier promotion), and one
 * `loyalty.tier_changed` `{ account_id, customer_id, from, to, reason }`
 * per change — emitted when the workflow has finished, by Medusa's event
 * bus step. A composition helper: call it once inside `createWorkflow`.
 *
 * @example
 * const changes = evaluateMemberTiersStep({ members })
 * applyTierChanges(changes)
 */
export function applyTierChanges(changes: WorkflowData<TierChange[]>) {
  syncTierGroupsStep({ changes })
  refreshMemberCartsStep({ changes })
  emitEventStep({
    eventName: LoyaltyEvents.TIER_CHANGED,
    data: transform({ changes }, ({ changes }) => tierChangedPayloads(changes)),
  }).config({ name: "kapy-emit-tier-changed" })
}
