import { emitEventStep } from "@medusajs/core-flows"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { GUEST_CLAIM_DAYS, guestClaimProblem, guestClaimWindowStart, guestOrderClaimable } from "../../../rules/guest-claims"
import type { LedgerResult } from "../../../types/loyalty"
import { voidOnFailure } from "../../common/void-on-failure"
import { evaluateMemberTiersStep } from "../../tiers/steps/evaluate-member-tiers"
import { recordOrdersQualificationStep } from "../../tiers/steps/record-order-qualification"
import { applyTierChanges } from "../../tiers/workflows/apply-tier-changes"
import { eventPayloads, LoyaltyEvents } from "../utils/events"
import { buildOrderEarning } from "../utils/order-earning"
import { orderEarnInput } from "./award-order-points"

export const claimGuestOrderPointsWorkflowId = "kapy-claim-guest-order-points"

export { GUEST_CLAIM_DAYS }

const claimGuestOrdersStep = createStep(
  "kapy-claim-guest-orders",
  async ({ customer_id }: { customer_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const {
      data: [customer],
    } = await query.graph({ entity: "customer", fields: ["id", "email", "has_account"], filters: { id: customer_id } })
    const problem = guestClaimProblem(customer)
    if (problem) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, problem)
    }
    const now = new Date()
    const { data: orders } = await query.graph({
      entity: "order",
      fields: ["id", "email", "created_at", "customer.has_account"],
      filters: { email: customer.email, created_at: { $gte: guestClaimWindowStart(now) } },
    })
    const results: LedgerResult[] = []
    for (const order of orders as any[]) {
      // a member's own order earned (or not) when it was placed
      if (!guestOrderClaimable({ order, claimer: customer, now })) {
        continue
      }
      const earning = await buildOrderEarning(container, order.id, customer_id)
      if (earning) {
        // keyed like the order's own award: claiming twice records nothing more
        results.push(await loyalty.earnPoints(orderEarnInput(earning)))
      }
    }
    return new StepResponse(
      results,
      results.filter((r) => !r.replayed).map((r) => r.entry.id)
    )
  },
  async (entryIds, context) => {
    for (const entryId of entryIds ?? []) {
      await voidOnFailure("kapy-claim-guest-orders")(entryId, context)
    }
  }
)

/**
 * A new member claims the points of the orders they placed as a guest with
 * the same email in the last 30 days, and those orders count toward their
 * tier. Idempotent: each order earns (and counts) once, whoever asks and
 * however often.
 *
 * Anyone who registers with an email can claim its guest orders, so shops
 * that care should verify emails at registration.
 *
 * @example
 * await claimGuestOrderPointsWorkflow(container).run({ input: { customer_id: "cus_123" } })
 */
export const claimGuestOrderPointsWorkflow = createWorkflow(
  claimGuestOrderPointsWorkflowId,
  (input: { customer_id: string }) => {
    const results = claimGuestOrdersStep(input)
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_EARNED,
      data: transform({ results }, ({ results }) => eventPayloads(results)),
    })
    const member = recordOrdersQualificationStep({
      customer_id: input.customer_id,
      order_ids: transform({ results }, ({ results }) => results.map((r) => r.entry.source_id).filter((id): id is string => !!id)),
    })
    const changes = evaluateMemberTiersStep({ members: transform({ member }, ({ member }) => [member]) })
    applyTierChanges(changes)
    return new WorkflowResponse(results)
  }
)
