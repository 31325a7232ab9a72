import { MedusaError } from "@medusajs/framework/utils"
import { parse } from "csv-parse"
import type { Readable } from "stream"
import type { ImportedRow } from "./award-rows"

export const MAX_AWARD_ROWS = 50_000
export const MAX_AWARD_BYTES = 20 * 1024 * 1024
const COLUMNS = new Set(["email", "customer_id", "points", "reason", "key"])

/**
 * Reads an awards file from a stream through csv-parse: a header row that
 * names `email` or `customer_id`, `points`, `reason` and optionally `key`,
 * then one record per row with its line number (as an editor counts them,
 * the header being line 1). A file that is not CSV, has an unknown or
 * missing column, no rows, more than MAX_AWARD_ROWS rows or more than
 * MAX_AWARD_BYTES bytes is refused with a 400 naming the problem.
 */
export async function readAwardsCsv(input: Readable): Promise<ImportedRow[]> {
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
  input.on("data", (chunk: Buffer | string) => {
    bytes += chunk.length
    if (bytes > MAX_AWARD_BYTES) {
      input.unpipe(parser)
      parser.destroy(invalid(`The file is larger than ${MAX_AWARD_BYTES / 1024 / 1024} MB`))
    }
  })
  input.pipe(parser)
  const rows: ImportedRow[] = []
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (rows.length >= MAX_AWARD_ROWS) {
        throw invalid(`A file may hold at most ${MAX_AWARD_ROWS} rows`)
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
