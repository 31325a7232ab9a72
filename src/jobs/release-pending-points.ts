import type { MedusaContainer } from "@medusajs/framework/types"
import { releasePendingPointsWorkflow } from "../workflows/earning"

/** Pending points become spendable within ten minutes of their date. */
export default async function releasePendingPointsJob(container: MedusaContainer) {
  const { result } = await releasePendingPointsWorkflow(container).run({ input: {} })
  if (result.length) {
    container.resolve("logger").info(`kapy: released pending points of ${result.length} lot(s)`)
  }
}

export const config = {
  name: "kapy-release-pending-points",
  schedule: "*/10 * * * *",
}
