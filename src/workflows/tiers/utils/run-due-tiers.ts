import type { MedusaContainer } from "@medusajs/framework/types"
import { evaluateDueTiersWorkflow } from "../workflows/evaluate-due-tiers"

/**
 * Runs the downgrade job's batches until none is left: each batch is one
 * workflow (one transaction over its accounts, then groups, carts and
 * events for its changes). Returns how many accounts were evaluated and
 * changed. One pass in id order (each batch starts after the last one's
 * last account); `maxBatches` guards against a bug all the same.
 */
export async function runDueTierEvaluation(
  container: MedusaContainer,
  { now = new Date(), batchSize = 500, maxBatches = 10_000 }: { now?: Date; batchSize?: number; maxBatches?: number } = {}
) {
  let evaluated = 0
  let changed = 0
  let after: string | null = null
  for (let batch = 0; batch < maxBatches; batch++) {
    const { result } = await evaluateDueTiersWorkflow(container).run({ input: { now, limit: batchSize, after_id: after } })
    evaluated += result.evaluated
    changed += result.changes.length
    if (!result.last_id) {
      break
    }
    after = result.last_id
  }
  return { evaluated, changed }
}
