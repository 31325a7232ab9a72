import type { ScheduledJobContext } from "@medusajs/framework/jobs"
import type { MedusaContainer } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../modules/loyalty"
import type LoyaltyModuleService from "../modules/loyalty/service"
import { eraseLoyaltyMemberWorkflow } from "../workflows/privacy"

/**
 * Members who left the program are erased once the shop's retention
 * (`privacy.retention_days`) has passed, daily. Each member is its own run:
 * one failing does not keep the others. "Now" is the moment Medusa
 * scheduled the run for.
 */
export default async function eraseDepartedMembersJob(container: MedusaContainer, context?: ScheduledJobContext) {
  const now = context?.scheduledFor ?? new Date()
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  let erased = 0
  for (;;) {
    const due = await loyalty.listAccountsDueForErasure({ now, limit: 200 })
    if (!due.length) {
      break
    }
    for (const accountId of due) {
      await eraseLoyaltyMemberWorkflow(container).run({ input: { account_id: accountId } })
      erased++
    }
  }
  if (erased) {
    container.resolve("logger").info(`kapy: erased the data of ${erased} departed member(s)`)
  }
}

export const config = {
  name: "kapy-erase-departed-members",
  schedule: "40 3 * * *",
  // the tests run jobs when they ask (runScheduledJob), never on the clock
  numberOfExecutions: process.env.KAPY_JOBS_OFF_THE_CLOCK === "true" ? 0 : undefined,
}
