import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { AwardRowInput, parseAwardRow } from "../../../rules/awards"
import type { BulkPointsWrite, LedgerResult } from "../../../types/loyalty"

export type ImportedRow = { line: number; record: AwardRowInput }

export type ImportRowResult =
  | { line: number; status: "awarded" | "already_awarded"; points: number; entry_id: string }
  | { line: number; status: "error"; message: string }

/** Customers by email (lower case) and which of the ids exist, for a chunk of rows. */
export type CustomerLookup = (query: { emails: string[]; ids: string[] }) => Promise<{ byEmail: Map<string, string>; known: Set<string> }>

/** Rows per chunk: one customer lookup and one bulk ledger write (its own transaction) each. */
export const AWARD_CHUNK = 500

/**
 * Awards parsed rows of an awards file, in chunks of AWARD_CHUNK rows: the
 * chunk's customers looked up through `lookup` (Query in the workflow, the
 * customer module in bench/awards), then its rows written by the ledger's
 * bulk path (`writePointsInBulk`, one transaction per chunk), each row
 * under its key. Positive points are credited (reason `import`); negative
 * ones are taken as an adjustment, never below zero. Each row is answered
 * as its single write would answer it: a bad row is reported with its line
 * and stops nothing else, a row whose key is done is `already_awarded`.
 */
export async function awardRows(
  rows: ImportedRow[],
  { loyalty, lookup, actor_id }: { loyalty: LoyaltyModuleService; lookup: CustomerLookup; actor_id?: string | null }
): Promise<{ results: ImportRowResult[]; written: LedgerResult[] }> {
  const results: ImportRowResult[] = []
  const written: LedgerResult[] = []
  for (let i = 0; i < rows.length; i += AWARD_CHUNK) {
    const chunk = await awardChunk(rows.slice(i, i + AWARD_CHUNK), { loyalty, lookup, actor_id })
    results.push(...chunk.results)
    written.push(...chunk.written)
  }
  return { results, written }
}

async function awardChunk(
  rows: ImportedRow[],
  { loyalty, lookup, actor_id }: { loyalty: LoyaltyModuleService; lookup: CustomerLookup; actor_id?: string | null }
): Promise<{ results: ImportRowResult[]; written: LedgerResult[] }> {
  const parsed = rows.map((r) => ({ line: r.line, row: parseAwardRow(r.record, r.line) }))
  const emails = [...new Set(parsed.flatMap((p) => (p.row.ok && p.row.email ? [p.row.email] : [])))]
  const ids = [...new Set(parsed.flatMap((p) => (p.row.ok && p.row.customer_id ? [p.row.customer_id] : [])))]
  const { byEmail, known } = emails.length || ids.length ? await lookup({ emails, ids }) : { byEmail: new Map<string, string>(), known: new Set<string>() }

  const results: (ImportRowResult | null)[] = []
  const writes: BulkPointsWrite[] = []
  const lines: { at: number; line: number; points: number }[] = []
  for (const { line, row } of parsed) {
    if (!row.ok) {
      results.push({ line, status: "error", message: row.message })
      continue
    }
    const customerId = row.customer_id ? (known.has(row.customer_id) ? row.customer_id : null) : byEmail.get(row.email!) ?? null
    if (!customerId) {
      results.push({ line, status: "error", message: `No customer ${row.customer_id ?? row.email}` })
      continue
    }
    const common = {
      customer_id: customerId,
      idempotency_key: row.key,
      source_type: "import",
      note: row.reason,
      actor_type: "user" as const,
      actor_id: actor_id ?? null,
    }
    writes.push(row.points > 0 ? { earn: { ...common, points: row.points, reason: "import" } } : { adjust: { ...common, points: row.points } })
    lines.push({ at: results.length, line, points: row.points })
    results.push(null)
  }
  const written: LedgerResult[] = []
  if (writes.length) {
    const answers = await loyalty.writePointsInBulk(writes)
    answers.forEach((answer, i) => {
      const { at, line, points } = lines[i]
      if (!answer.ok) {
        results[at] = { line, status: "error", message: answer.message }
        return
      }
      results[at] = { line, status: answer.result.replayed ? "already_awarded" : "awarded", points, entry_id: answer.result.entry.id }
      if (!answer.result.replayed) {
        written.push(answer.result)
      }
    })
  }
  return { results: results as ImportRowResult[], written }
}
