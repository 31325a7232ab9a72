import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { SummaryRow } from "../../../../../modules/loyalty/reads/report-reads"
import { csvLine, writeCsv, writeEntriesCsv } from "../csv"
import { reportContext } from "../report-context"
import type { AdminGetLoyaltySummaryParamsType } from "../validators"

const SUMMARY_COLUMNS = [
  "month",
  "sales_channel_id",
  "sales_channel_name",
  "currency_code",
  "issued",
  "redeemed",
  "issued_value",
  "redeemed_value",
  "entries",
] as const satisfies readonly (keyof SummaryRow)[]

/**
 * Issued and redeemed cones and their money value (at the currency's
 * redemption rate) per month, sales channel and currency, for a range and
 * optionally one sales channel: what a brand reimburses its resellers per
 * outlet from. `format=csv` answers the same rows as a file;
 * `format=csv&rows=entries` streams every entry behind them, read from the
 * database page by page (keyset), so memory stays flat however many there
 * are. Reads only.
 */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetLoyaltySummaryParamsType>,
  res: MedusaResponse
) => {
  const { from, to, sales_channel_id, format, rows } = req.validatedQuery
  const { knex, reads, rates, defaultCurrency } = await reportContext(req.scope)
  const filter = { from, to, sales_channel_id: sales_channel_id ?? null, rates, default_currency: defaultCurrency }
  const name = `kapy-${rows === "entries" ? "entries" : "summary"}-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.csv`

  if (format === "csv" && rows === "entries") {
    await writeCsv(res, name, async (write) => {
      await writeEntriesCsv(knex, reads, filter, write)
    })
    return
  }

  const summary = await reads.summary(knex, filter)
  if (format === "csv") {
    await writeCsv(res, name, async (write) => {
      await write(csvLine(SUMMARY_COLUMNS))
      await write(summary.map((row) => csvLine(SUMMARY_COLUMNS.map((c) => row[c]))).join(""))
    })
    return
  }
  const totals = summary.reduce(
    (acc, row) => ({ issued: acc.issued + row.issued, redeemed: acc.redeemed + row.redeemed, entries: acc.entries + row.entries }),
    { issued: 0, redeemed: 0, entries: 0 }
  )
  res.json({
    summary,
    totals,
    count: summary.length,
    from: from.toISOString(),
    to: to.toISOString(),
    rates,
  })
}
