import type { ScheduledJobContext } from "@medusajs/framework/jobs"
import type { MedusaContainer } from "@medusajs/framework/types"
import { runDueTierEvaluation, syncTierPricingWorkflow } from "../workflows/tiers"

/**
 * Every hour: first the tiers' Medusa side (customer groups, price lists,
 * promotions) is made to exist and match, so a fresh install or a group
 * deleted in Medusa's admin is set right without anyone asking; then
 * downgrades when their time comes: the accounts whose grace
 * period or override ended, or whose qualifying history left the window,
 * are evaluated (set-based, in batches, SKIP LOCKED: safe with several
 * workers) and each change is applied and announced once.
 */
export default async function evaluateDueTiersJob(container: MedusaContainer, context?: ScheduledJobContext) {
  await syncTierPricingWorkflow(container).run({ input: {} })
  const { evaluated, changed } = await runDueTierEvaluation(container, { now: context?.scheduledFor ?? new Date() })
  if (evaluated) {
    container.resolve("logger").info(`kapy: evaluated the tiers of ${evaluated} account(s), ${changed} changed`)
  }
}

export const config = {
  name: "kapy-evaluate-due-tiers",
  schedule: "5 * * * *",
  // the tests run jobs when they ask (runScheduledJob), never on the clock
  numberOfExecutions: process.env.KAPY_JOBS_OFF_THE_CLOCK === "true" ? 0 : undefined,
}
