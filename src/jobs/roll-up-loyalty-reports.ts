import type { ScheduledJobContext } from "@medusajs/framework/jobs"
import type { MedusaContainer } from "@medusajs/framework/types"
import { rollUpReportsWorkflow } from "../workflows/reports"

/**
 * Every 15 minutes: the reports' daily rollup is brought up to the
 * scheduled time less the late margin (10 minutes), and days that got late
 * entries are rolled again. Reports stay exact between runs: what is not
 * rolled is read from the ledger.
 */
export default async function rollUpLoyaltyReportsJob(container: MedusaContainer, context?: ScheduledJobContext) {
  const { result } = await rollUpReportsWorkflow(container).run({ input: { until: context?.scheduledFor ?? new Date() } })
  if (!result.rolled) {
    container.resolve("logger").info("kapy: report rollup waited too long for open ledger writes; the next run rolls")
  }
  return result
}

export const config = {
  name: "kapy-roll-up-loyalty-reports",
  schedule: "*/15 * * * *",
  // the tests run jobs when they ask (runScheduledJob), never on the clock
  numberOfExecutions: process.env.KAPY_JOBS_OFF_THE_CLOCK === "true" ? 0 : undefined,
}
