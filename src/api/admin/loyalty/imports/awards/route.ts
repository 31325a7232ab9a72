import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { parse } from "csv-parse"
import { importPointsAwardsWorkflow } from "../../../../../workflows/imports"
import type { ImportedRow } from "../../../../../workflows/imports"

const MAX_ROWS = 50_000
const MAX_BYTES = 20 * 1024 * 1024
const COLUMNS = new Set(["email", "customer_id", "points", "reason", "key"])

/**
 * Bulk award from a CSV upload (`Content-Type: text/csv`, the file as the
 * body; a header row names the columns: `email` or `customer_id`,
 * `points`, `reason`, optional `key`). The body is streamed into
 * csv-parse. Answers counts and one result per row with its line number;
 * the same file again awards nothing new. A file that is not CSV, has no
 * usable header or is too large is a 400.
 */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const rows = await readRows(req)
  const { result } = await importPointsAwardsWorkflow(req.scope).run({
    input: { rows, actor_id: req.auth_context.actor_id },
  })
  res.json({ import: result })
}

async function readRows(req: AuthenticatedMedusaRequest): Promise<ImportedRow[]> {
  const parser = parse({
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim().toLowerCase())
      const unknown = names.filter((n) => !COLUMNS.has(n))
      if (unknown.length) {
        throw invalid(`Unknown column(s): ${unknown.join(", ")}; the columns are email or customer_id, points, reason and an optional key`)
      }
      if (!names.includes("points") || !names.includes("reason") || !(names.includes("email") || names.includes("customer_id"))) {
        throw invalid("The header must name email or customer_id, points and reason")
      }
      return names
    },
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
  })
  let bytes = 0
  req.on("data", (chunk: Buffer) => {
    bytes += chunk.length
    if (bytes > MAX_BYTES) {
      parser.destroy(invalid(`The file is larger than ${MAX_BYTES / 1024 / 1024} MB`))
      req.unpipe(parser)
    }
  })
  req.pipe(parser)
  const rows: ImportedRow[] = []
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (rows.length >= MAX_ROWS) {
        throw invalid(`A file may hold at most ${MAX_ROWS} rows`)
      }
      rows.push({ line: info.lines, record })
    }
  } catch (error: any) {
    throw error instanceof MedusaError ? error : invalid(`The file is not valid CSV: ${error?.message ?? error}`)
  }
  if (!rows.length) {
    throw invalid("The file holds no rows")
  }
  return rows
}

function invalid(message: string) {
  return new MedusaError(MedusaError.Types.INVALID_DATA, message)
}
