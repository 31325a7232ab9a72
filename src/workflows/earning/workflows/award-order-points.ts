import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { earnPointsStep } from "../steps/earn-points"
import { prepareOrderEarningStep } from "../steps/prepare-order-earning"
import { eventPayloads, LoyaltyEvents, OrderEarnedData } from "../utils/events"
import { OrderEarning, orderEarningKey } from "../utils/order-earning"
import type { OrderQualification } from "../../tiers/utils/order-qualification"

export const awardOrderPointsWorkflowId = "kapy-award-order-points"

/**
 * Awards the points an order earns, pending for the program's return
 * window, and nothing else: the order read once, the member's account read
 * once, one ledger write (one transaction). The points use the tier held
 * before the order. Idempotent per order: a redelivered `order.placed`
 * records nothing more. Guest orders earn nothing (see
 * claimGuestOrderPointsWorkflow).
 *
 * What follows an order runs after this workflow, in workflows of its own,
 * so that its failure never voids the points: `loyalty.order_earned`
 * (emitted for every member's order, on a replay too) moves the member's
 * tier (`qualifyPlacedOrderWorkflow`: group, open carts,
 * `loyalty.tier_changed`); `loyalty.points_earned` notifies; stamp cards
 * and referrals have their own `order.placed` subscribers.
 *
 * @example
 * await awardOrderPointsWorkflow(container).run({ input: { order_id: "order_123" } })
 */
export const awardOrderPointsWorkflow = createWorkflow(
  awardOrderPointsWorkflowId,
  (input: { order_id: string; customer_id?: string }) => {
    const { earning, qualification } = prepareOrderEarningStep(input)
    const result = when({ earning }, ({ earning }) => !!earning).then(() =>
      earnPointsStep(transform({ earning }, ({ earning }) => orderEarnInput(earning!)))
    )
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_EARNED,
      data: transform({ result }, ({ result }) => eventPayloads([result])),
    })
    emitEventStep({
      eventName: LoyaltyEvents.ORDER_EARNED,
      data: transform({ qualification, earning }, ({ qualification, earning }) =>
        qualification ? [orderEarnedData(qualification, earning?.points ?? 0)] : []
      ),
    }).config({ name: "kapy-emit-order-earned" })
    return new WorkflowResponse(transform({ result }, ({ result }) => result ?? null))
  }
)

export function orderEarnedData(qualification: OrderQualification, points: number): OrderEarnedData {
  return {
    order_id: qualification.order_id,
    customer_id: qualification.customer_id,
    points,
    amount: qualification.amount,
    currency_code: qualification.currency_code,
    placed_at: new Date(qualification.placed_at).toISOString(),
  }
}

export function orderEarnInput(earning: OrderEarning) {
  return {
    // the account read with the order, when there is one: the write looks no identity up
    ...(earning.account_id ? { account_id: earning.account_id } : { customer_id: earning.customer_id }),
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
