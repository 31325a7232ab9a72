import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { importPointsAwardsWorkflow, readAwardsCsv } from "../../../../../workflows/imports"

/**
 * Bulk award from a CSV upload (`Content-Type: text/csv`, the file as the
 * body; a header row names the columns: `email` or `customer_id`,
 * `points`, `reason`, optional `key`). The body is streamed into
 * csv-parse (the route has no body parser). Answers counts and one result
 * per row with its line number; the same file again awards nothing new. A
 * file that is not CSV, has no usable header or is too large is a 400.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const rows = await readAwardsCsv(req)
  const { result } = await importPointsAwardsWorkflow(req.scope).run({
    input: { rows, actor_id: req.auth_context.actor_id },
  })
  res.json({ import: result })
}
