import type { ScheduledJobContext } from "@medusajs/framework/jobs"
import type { MedusaContainer } from "@medusajs/framework/types"
import { expireLoyaltyPointsWorkflow } from "../workflows/expiry"

/** Expiry warnings and expiries, hourly; does nothing while the program's expiry is off. */
export default async function expireLoyaltyPointsJob(container: MedusaContainer, context?: ScheduledJobContext) {
  const { result } = await expireLoyaltyPointsWorkflow(container).run({ input: { now: context?.scheduledFor ?? new Date() } })
  if (result.warnings.length || result.expired.length) {
    container
      .resolve("logger")
      .info(`kapy: ${result.warnings.length} expiry warning(s), ${result.expired.length} expiry entr(ies)`)
  }
  return result
}

export const config = {
  name: "kapy-expire-loyalty-points",
  schedule: "17 * * * *",
  // the tests run jobs when they ask (runScheduledJob), never on the clock
  numberOfExecutions: process.env.KAPY_JOBS_OFF_THE_CLOCK === "true" ? 0 : undefined,
}
