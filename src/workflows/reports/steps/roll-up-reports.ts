import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ReportRollup } from "../../../modules/loyalty/reports/report-rollup"

export const rollUpReportsStepId = "kapy-roll-up-reports"

/**
 * Rolls the ledger into the reports' daily rollup up to `until` less the
 * late margin (never past the database's clock less it), and rolls again
 * every day a late entry marked. Uses the app's database connection: the
 * rollup places entries in sales channels through Medusa's order and cart
 * rows, as the reports do. No compensation: the rollup is derived from
 * the ledger, and a run repeated changes nothing.
 *
 * @example
 * const result = rollUpReportsStep({ until: new Date() })
 */
export const rollUpReportsStep = createStep(
  rollUpReportsStepId,
  async (input: { until?: Date | string }, { container }) => {
    const knex = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
    const result = await new ReportRollup().roll(knex, { until: input.until ? new Date(input.until) : undefined })
    return new StepResponse(result)
  }
)
