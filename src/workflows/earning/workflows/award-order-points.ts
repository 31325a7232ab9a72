import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { recordOrderQualificationStep } from "../../tiers/steps/record-order-qualification"
import { evaluateMemberTiersStep } from "../../tiers/steps/evaluate-member-tiers"
import { applyTierChanges } from "../../tiers/workflows/apply-tier-changes"
import { earnPointsStep } from "../steps/earn-points"
import { prepareOrderEarningStep } from "../steps/prepare-order-earning"
import { eventPayloads, LoyaltyEvents } from "../utils/events"
import { OrderEarning, orderEarningKey } from "../utils/order-earning"

export const awardOrderPointsWorkflowId = "kapy-award-order-points"

/**
 * Awards the points an order earns, pending for the program's return
 * window, and counts the order toward the member's tier (an upgrade is
 * immediate: group, open carts, `loyalty.tier_changed`). The points use
 * the tier held before the order. Idempotent per order: a redelivered
 * `order.placed` records nothing more. Guest orders earn nothing (see
 * claimGuestOrderPointsWorkflow).
 *
 * @example
 * await awardOrderPointsWorkflow(container).run({ input: { order_id: "order_123" } })
 */
export const awardOrderPointsWorkflow = createWorkflow(
  awardOrderPointsWorkflowId,
  (input: { order_id: string; customer_id?: string }) => {
    const earning = prepareOrderEarningStep(input)
    const result = when({ earning }, ({ earning }) => !!earning).then(() =>
      earnPointsStep(transform({ earning }, ({ earning }) => orderEarnInput(earning!)))
    )
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_EARNED,
      data: transform({ result }, ({ result }) => eventPayloads([result])),
    })
    const member = recordOrderQualificationStep(input)
    const changes = evaluateMemberTiersStep({ members: transform({ member }, ({ member }) => [member]) })
    applyTierChanges(changes)
    return new WorkflowResponse(transform({ result }, ({ result }) => result ?? null))
  }
)

export function orderEarnInput(earning: OrderEarning) {
  return {
    customer_id: earning.customer_id,
    points: earning.points,
    reason: "order" as const,
    idempotency_key: orderEarningKey(earning.order_id),
    source_type: "order",
    source_id: earning.order_id,
    sales_channel_id: earning.sales_channel_id,
    currency_code: earning.currency_code,
    available_at: earning.available_at,
    actor_type: "system" as const,
    actor_id: awardOrderPointsWorkflowId,
    metadata: {
      base_amount: earning.base_amount,
      multiplier: earning.multiplier,
      campaign_ids: earning.campaign_ids,
    },
  }
}
