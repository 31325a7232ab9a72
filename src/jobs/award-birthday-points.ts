import type { MedusaContainer } from "@medusajs/framework/types"
import { awardBirthdayPointsWorkflow } from "../workflows/earning"

/** Birthday bonuses, every morning (UTC); running twice pays nobody twice. */
export default async function awardBirthdayPointsJob(container: MedusaContainer) {
  const { result } = await awardBirthdayPointsWorkflow(container).run({ input: {} })
  const awarded = result.filter((r) => !r.replayed).length
  if (awarded) {
    container.resolve("logger").info(`kapy: birthday points for ${awarded} member(s)`)
  }
}

export const config = {
  name: "kapy-award-birthday-points",
  schedule: "0 6 * * *",
}
