import { emitEventStep } from "@medusajs/core-flows"
import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eventPayloads, LoyaltyEvents } from "../../earning/utils/events"
import { awardImportedRowsStep } from "../steps/award-imported-rows"
import type { ImportedRow } from "../utils/award-rows"

export const importPointsAwardsWorkflowId = "kapy-import-points-awards"

/**
 * An admin's bulk award from a parsed CSV file: rows written in chunks by
 * the ledger's bulk path, bad rows reported by line, a re-upload awarding
 * nothing new. Emits `loyalty.points_earned` for the rows written now.
 *
 * @example
 * await importPointsAwardsWorkflow(container).run({
 *   input: { rows: [{ line: 2, record: { email: "aino@example.com", points: "50", reason: "Store event" } }], actor_id: "user_123" },
 * })
 */
export const importPointsAwardsWorkflow = createWorkflow(
  importPointsAwardsWorkflowId,
  (input: { rows: ImportedRow[]; actor_id?: string | null }) => {
    const imported = awardImportedRowsStep(input)
    emitEventStep({
      eventName: LoyaltyEvents.POINTS_EARNED,
      data: transform({ imported }, ({ imported }) => eventPayloads(imported.written.filter((r) => r.entry.points > 0))),
    })
    return new WorkflowResponse(
      transform({ imported }, ({ imported }) => {
        const count = (status: string) => imported.results.filter((r) => r.status === status).length
        return {
          rows: imported.results.length,
          awarded: count("awarded"),
          already_awarded: count("already_awarded"),
          failed: count("error"),
          results: imported.results,
        }
      })
    )
  }
)
