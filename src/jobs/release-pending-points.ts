import type { ScheduledJobContext } from "@medusajs/framework/jobs"
import type { MedusaContainer } from "@medusajs/framework/types"
import { releasePendingPointsWorkflow } from "../workflows/earning"

/** Pending points become spendable within ten minutes of their date. */
export default async function releasePendingPointsJob(container: MedusaContainer, context?: ScheduledJobContext) {
  const { result } = await releasePendingPointsWorkflow(container).run({ input: { now: context?.scheduledFor ?? new Date() } })
  if (result.length) {
    container.resolve("logger").info(`kapy: released pending points of ${result.length} lot(s)`)
  }
  return result
}

/**
 * Every 10 minutes. `KAPY_RELEASE_PENDING_EVERY_MS` runs it at a fixed
 * interval instead (the cluster test watches its ticks with two workers).
 */
export const config = {
  name: "kapy-release-pending-points",
  schedule: process.env.KAPY_RELEASE_PENDING_EVERY_MS
    ? { interval: Number(process.env.KAPY_RELEASE_PENDING_EVERY_MS) }
    : "*/10 * * * *",
  // the tests run jobs when they ask (runScheduledJob), never on the clock
  numberOfExecutions: process.env.KAPY_JOBS_OFF_THE_CLOCK === "true" ? 0 : undefined,
}
