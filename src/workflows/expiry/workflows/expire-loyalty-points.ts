import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { LoyaltyEvents } from "../../earning/utils/events"
import { expirePointsStep } from "../steps/expire-points"
import { recordExpiryWarningsStep } from "../steps/record-expiry-warnings"

export const expireLoyaltyPointsWorkflowId = "kapy-expire-loyalty-points"

/**
 * The expiry run: warns of points expiring within `warning_days`
 * (`loyalty.points_expiring`, once per lot or account), then expires what
 * is due (`loyalty.points_expired`, one per `expiry` entry). Does nothing
 * while expiry is off. Events are emitted when the workflow ends, after the
 * entries are committed.
 *
 * @example
 * await expireLoyaltyPointsWorkflow(container).run({ input: { now: new Date() } })
 */
export const expireLoyaltyPointsWorkflow = createWorkflow(
  expireLoyaltyPointsWorkflowId,
  (input: { now?: Date | string; batch_size?: number }) => {
    const warnings = recordExpiryWarningsStep(input)
    const expired = expirePointsStep(input)
    emitEventStep({ eventName: LoyaltyEvents.POINTS_EXPIRING, data: warnings }).config({ name: "kapy-emit-points-expiring" })
    emitEventStep({ eventName: LoyaltyEvents.POINTS_EXPIRED, data: expired }).config({ name: "kapy-emit-points-expired" })
    return new WorkflowResponse({ warnings, expired })
  }
)
