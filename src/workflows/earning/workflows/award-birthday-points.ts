import { emitEventStep } from "@medusajs/core-flows"
import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { birthdayBonusYear } from "../../../rules/birthdays"
import type { LedgerResult } from "../../../types/loyalty"
import { voidOnFailure } from "../../common/void-on-failure"
import { eventPayloads, LoyaltyEvents } from "../utils/events"

export const awardBirthdayPointsWorkflowId = "kapy-award-birthday-points"

/**
 * Credits the birthday bonus to every member whose birthday is `date`,
 * keyed by member and year: a second run the same day, or a birthday moved
 * by an admin, never pays twice in a year.
 */
const awardBirthdayPointsStep = createStep(
  "kapy-award-birthday-points-step",
  async ({ date }: { date?: Date | string }, { container }) => {
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const day = date ? new Date(date) : new Date()
    const year = birthdayBonusYear(day)
    const points = (await loyalty.retrieveProgramSettings()).earning.birthday_points
    const results: LedgerResult[] = []
    if (points > 0) {
      for (const accountId of await loyalty.listBirthdayAccountIds(day)) {
        results.push(
          await loyalty.earnPoints({
            account_id: accountId,
            points,
            reason: "birthday",
            idempotency_key: `birthday:${accountId}:${year}`,
            source_type: "birthday",
            source_id: String(year),
            actor_type: "system",
            actor_id: awardBirthdayPointsWorkflowId,
          })
        )
      }
    }
    const written = results.filter((r) => !r.replayed).map((r) => r.entry.id)
    return new StepResponse(results, written)
  },
  async (entryIds, context) => {
    for (const entryId of entryIds ?? []) {
      await voidOnFailure("kapy-award-birthday-points-step")(entryId, context)
    }
  }
)

/**
 * @example
 * await awardBirthdayPointsWorkflow(container).run({ input: { date: "2026-11-23" } })
 */
export const awardBirthdayPointsWorkflow = createWorkflow(
  awardBirthdayPointsWorkflowId,
  (input: { date?: Date | string }) => {
    const results = awardBirthdayPointsStep(input)
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_EARNED,
      data: transform({ results }, ({ results }) => eventPayloads(results)),
    })
    return new WorkflowResponse(results)
  }
)
