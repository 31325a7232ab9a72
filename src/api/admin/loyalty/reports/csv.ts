import type { MedusaResponse } from "@medusajs/framework/http"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { EntryExportRow, ReportReads, SummaryFilter } from "../../../../modules/loyalty/reads/report-reads"

/** Entries read per page by the `rows=entries` export. */
export const EXPORT_PAGE = 5000

export const ENTRY_COLUMNS = [
  "id",
  "created_at",
  "account_id",
  "reason",
  "points",
  "issued",
  "redeemed",
  "sales_channel_id",
  "currency_code",
  "source_type",
  "source_id",
] as const satisfies readonly (keyof EntryExportRow)[]

/**
 * One CSV line (RFC 4180): fields with a comma, quote or line break are
 * quoted. A text field a spreadsheet would run as a formula (=, +, -, @)
 * is prefixed with a quote mark; numbers are written as they are.
 */
export function csvLine(values: readonly unknown[]): string {
  return (
    values
      .map((value) => {
        if (value === null || value === undefined) {
          return ""
        }
        if (typeof value === "number" || typeof value === "bigint") {
          return String(value)
        }
        let text = value instanceof Date ? value.toISOString() : String(value)
        if (/^[=+\-@\t\r]/.test(text)) {
          text = `'${text}`
        }
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
      })
      .join(",") + "\r\n"
  )
}

/**
 * Streams a CSV download: `produce` writes chunks and awaits the socket
 * when it asks to wait (backpressure), so a slow client never makes the
 * server hold the file.
 */
export async function writeCsv(
  res: MedusaResponse,
  filename: string,
  produce: (write: (chunk: string) => Promise<void>) => Promise<void>
) {
  res.status(200)
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="${filename}"`)
  const write = (chunk: string) =>
    new Promise<void>((resolve, reject) => {
      if (res.destroyed) {
        reject(new Error("the client closed the connection"))
        return
      }
      if (res.write(chunk)) {
        resolve()
      } else {
        res.once("drain", resolve)
      }
    })
  try {
    await produce(write)
  } catch (error) {
    if (!res.headersSent) {
      throw error
    }
    res.destroy(error as Error)
    return
  }
  res.end()
}

/**
 * Writes every entry of the filter as CSV, page after page in id (write)
 * order: one page is in memory at a time, and `write` waits while the
 * client is slower than the database. Returns how many entries it wrote.
 */
export async function writeEntriesCsv(
  knex: Knex,
  reads: ReportReads,
  filter: Omit<SummaryFilter, "rates">,
  write: (chunk: string) => Promise<void>,
  pageSize = EXPORT_PAGE
): Promise<number> {
  await write(csvLine(ENTRY_COLUMNS))
  let after: string | null = null
  let written = 0
  for (;;) {
    const page = await reads.entriesPage(knex, filter, after, pageSize)
    if (page.length) {
      await write(page.map((row) => csvLine(ENTRY_COLUMNS.map((c) => row[c]))).join(""))
      written += page.length
      after = page[page.length - 1].id
    }
    if (page.length < pageSize) {
      return written
    }
  }
}
