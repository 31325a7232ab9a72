import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/**
 * Runs one of Kapy's scheduled jobs the way Medusa's scheduler does: Medusa's
 * job loader registers each job as the workflow `job-<config.name>`, and the
 * workflow engine runs it with `{ scheduledFor }` (an ISO string) as input;
 * the loader's step hands the handler `(container, { scheduledFor: Date })`.
 * Nothing here calls the handler itself, so a job that expects other
 * arguments fails here as it would in production. Resolves with what the
 * job returned; a job that throws rejects (the scheduler only logs it).
 */
export async function runScheduledJob<T = unknown>(
  container: MedusaContainer,
  name: string,
  scheduledFor: Date = new Date()
): Promise<T> {
  const engine = container.resolve(Modules.WORKFLOW_ENGINE)
  const { result } = await engine.run(`job-${name}`, {
    input: { scheduledFor: scheduledFor.toISOString() },
    throwOnError: true,
  })
  return result as T
}
