import { emitEventStep } from "@medusajs/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { earnPointsStep } from "../steps/earn-points"
import { eventPayloads, LoyaltyEvents } from "../utils/events"

export const awardSignupPointsWorkflowId = "kapy-award-signup-points"

const signupBonusStep = createStep(
  "kapy-prepare-signup-bonus",
  async ({ customer_id }: { customer_id: string }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const {
      data: [customer],
    } = await query.graph({ entity: "customer", fields: ["id", "email", "has_account"], filters: { id: customer_id } })
    // Guests (customers without an account) are not members.
    if (!customer?.has_account) {
      return new StepResponse(0)
    }
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    // A registered customer is a member from now on, with or without a bonus.
    await loyalty.ensureCustomerMember({ id: customer.id, email: customer.email })
    const points = (await loyalty.retrieveProgramSettings()).earning.signup_points
    return new StepResponse(points > 0 ? points : 0)
  }
)

/**
 * Makes a registered customer a member (their account and identity) and
 * gives the welcome bonus, once per customer.
 *
 * @example
 * await awardSignupPointsWorkflow(container).run({ input: { customer_id: "cus_123" } })
 */
export const awardSignupPointsWorkflow = createWorkflow(
  awardSignupPointsWorkflowId,
  (input: { customer_id: string }) => {
    const points = signupBonusStep(input)
    const result = when({ points }, ({ points }) => points > 0).then(() =>
      earnPointsStep(
        transform({ input, points }, ({ input, points }) => ({
          customer_id: input.customer_id,
          points,
          reason: "signup" as const,
          idempotency_key: `signup:${input.customer_id}`,
          source_type: "customer",
          source_id: input.customer_id,
          actor_type: "system" as const,
          actor_id: awardSignupPointsWorkflowId,
        }))
      )
    )
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_EARNED,
      data: transform({ result }, ({ result }) => eventPayloads([result])),
    })
    return new WorkflowResponse(transform({ result }, ({ result }) => result ?? null))
  }
)
