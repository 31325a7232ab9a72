import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { OrderEarnedData } from "../../earning/utils/events"
import { evaluateMemberTiersStep } from "../steps/evaluate-member-tiers"
import { recordOrderQualificationStep } from "../steps/record-order-qualification"
import { applyTierChanges } from "./apply-tier-changes"

export const qualifyPlacedOrderWorkflowId = "kapy-qualify-placed-order"

/**
 * Counts a member's placed order toward their tier, once per order, and
 * applies what changes (an upgrade is immediate: customer group, open
 * carts, `loyalty.tier_changed`). Runs on `loyalty.order_earned`, after
 * the order's earn, whose points used the tier held before the order; a
 * failure here undoes only what this workflow did (never the points), and
 * the next delivery of the order's events runs it again.
 *
 * @example
 * await qualifyPlacedOrderWorkflow(container).run({
 *   input: { order_id: "order_123", customer_id: "cus_123", points: 49, amount: "49.9", currency_code: "eur", placed_at: "2026-12-07T10:00:00.000Z" },
 * })
 */
export const qualifyPlacedOrderWorkflow = createWorkflow(
  qualifyPlacedOrderWorkflowId,
  (input: OrderEarnedData) => {
    const member = recordOrderQualificationStep(
      transform({ input }, ({ input }) => ({
        order_id: input.order_id,
        customer_id: input.customer_id,
        qualification: {
          order_id: input.order_id,
          customer_id: input.customer_id,
          amount: input.amount,
          currency_code: input.currency_code,
          placed_at: new Date(input.placed_at),
        },
      }))
    )
    const changes = evaluateMemberTiersStep({ members: transform({ member }, ({ member }) => [member]) })
    applyTierChanges(changes)
    return new WorkflowResponse(changes)
  }
)
