import type { ScheduledJobContext } from "@medusajs/framework/jobs"
import type { MedusaContainer } from "@medusajs/framework/types"
import { awardBirthdayPointsWorkflow } from "../workflows/earning"

/** Birthday bonuses, every morning (UTC), for the day the run was scheduled for; running twice pays nobody twice. */
export default async function awardBirthdayPointsJob(container: MedusaContainer, context?: ScheduledJobContext) {
  const { result } = await awardBirthdayPointsWorkflow(container).run({ input: { date: context?.scheduledFor ?? new Date() } })
  const awarded = result.filter((r) => !r.replayed).length
  if (awarded) {
    container.resolve("logger").info(`kapy: birthday points for ${awarded} member(s)`)
  }
  return awarded
}

export const config = {
  name: "kapy-award-birthday-points",
  schedule: "0 6 * * *",
  // the tests run jobs when they ask (runScheduledJob), never on the clock
  numberOfExecutions: process.env.KAPY_JOBS_OFF_THE_CLOCK === "true" ? 0 : undefined,
}
