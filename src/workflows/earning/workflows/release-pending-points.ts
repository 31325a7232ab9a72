import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { completeDueReferralsStep } from "../../referrals/steps/complete-due-referrals"
import { evaluateMemberTiersStep } from "../../tiers/steps/evaluate-member-tiers"
import { applyTierChanges } from "../../tiers/workflows/apply-tier-changes"
import { releasePendingPointsStep } from "../steps/release-pending-points"
import { eventPayloads, LoyaltyEvents, pointsEventData } from "../utils/events"

export const releasePendingPointsWorkflowId = "kapy-release-pending-points"

/**
 * Makes points whose pending period ended spendable, and tells each member;
 * then rewards the referrers whose friend's first qualifying order passed
 * its pending period by the same moment (`loyalty.referral_completed`).
 *
 * @example
 * await releasePendingPointsWorkflow(container).run({ input: {} })
 */
export const releasePendingPointsWorkflow = createWorkflow(
  releasePendingPointsWorkflowId,
  (input: { now?: Date | string; batch_size?: number }) => {
    const entries = releasePendingPointsStep(input)
    const referrals = completeDueReferralsStep(input)
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_RELEASED,
      data: transform({ entries }, ({ entries }) => entries.map((r) => pointsEventData(r.entry, r.customer_id))),
    })
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_EARNED,
      data: transform({ referrals }, ({ referrals }) => eventPayloads(referrals.map((r) => r.result))),
    }).config({ name: "kapy-emit-referrer-points-earned" })
    emitEventStep({
      eventName: LoyaltyEvents.REFERRAL_COMPLETED,
      data: transform({ referrals }, ({ referrals }) =>
        referrals.map(({ referral, referrer_customer_id }) => ({
          referral_id: referral.id,
          referrer_account_id: referral.referrer_account_id,
          referrer_customer_id,
          friend_account_id: referral.friend_account_id,
          order_id: referral.order_id,
          points: referral.referrer_points,
          entry_id: referral.referrer_entry_id,
        }))
      ),
    }).config({ name: "kapy-emit-referral-completed" })
    // released and referrers' points are qualifying events: their members' tiers are evaluated
    const changes = evaluateMemberTiersStep({
      members: transform({ entries, referrals }, ({ entries, referrals }) => [
        ...new Set([...entries.map((r) => r.entry.account_id), ...referrals.map((r) => r.result?.account?.id).filter(Boolean)]),
      ].map((account_id) => ({ account_id: account_id as string }))),
      now: input.now,
    })
    applyTierChanges(changes)
    return new WorkflowResponse(transform({ entries }, ({ entries }) => entries.map((r) => r.entry)))
  }
)
