import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { AwardRowInput, parseAwardRow } from "../../../rules/awards"
import type { LedgerResult } from "../../../types/loyalty"

export type ImportedRow = { line: number; record: AwardRowInput }

export type ImportRowResult =
  | { line: number; status: "awarded" | "already_awarded"; points: number; entry_id: string }
  | { line: number; status: "error"; message: string }

/** Customers by email (lower case) and which of the ids exist, for a chunk of rows. */
export type CustomerLookup = (query: { emails: string[]; ids: string[] }) => Promise<{ byEmail: Map<string, string>; known: Set<string> }>

const LOOKUP_CHUNK = 500

/**
 * Awards parsed rows of an awards file, each on its own: one ledger write
 * per row in its own transaction, all or nothing, under its key. Positive
 * points are credited (reason `import`); negative ones are taken as an
 * adjustment, never below zero. A bad row is reported with its line and
 * stops nothing else. Customers are looked up in chunks through `lookup`
 * (Query in the workflow, the customer module in bench/awards).
 */
export async function awardRows(
  rows: ImportedRow[],
  { loyalty, lookup, actor_id }: { loyalty: LoyaltyModuleService; lookup: CustomerLookup; actor_id?: string | null }
): Promise<{ results: ImportRowResult[]; written: LedgerResult[] }> {
  const parsed = rows.map((r) => ({ line: r.line, row: parseAwardRow(r.record, r.line) }))
  const emails = [...new Set(parsed.flatMap((p) => (p.row.ok && p.row.email ? [p.row.email] : [])))]
  const ids = [...new Set(parsed.flatMap((p) => (p.row.ok && p.row.customer_id ? [p.row.customer_id] : [])))]
  const byEmail = new Map<string, string>()
  const known = new Set<string>()
  for (let i = 0; i < Math.max(emails.length, ids.length); i += LOOKUP_CHUNK) {
    const found = await lookup({ emails: emails.slice(i, i + LOOKUP_CHUNK), ids: ids.slice(i, i + LOOKUP_CHUNK) })
    found.byEmail.forEach((id, email) => byEmail.set(email, id))
    found.known.forEach((id) => known.add(id))
  }

  const results: ImportRowResult[] = []
  const written: LedgerResult[] = []
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
    try {
      const result =
        row.points > 0
          ? await loyalty.earnPoints({ ...common, points: row.points, reason: "import" })
          : await loyalty.adjustPoints({ ...common, points: row.points })
      results.push({ line, status: result.replayed ? "already_awarded" : "awarded", points: row.points, entry_id: result.entry.id })
      if (!result.replayed) {
        written.push(result)
      }
    } catch (error: any) {
      // a refusal of this row (not enough points, a key used for another change) is its result; anything else stops the import
      if (!error?.type || error.type === "unexpected_state") {
        throw error
      }
      results.push({ line, status: "error", message: error.message })
    }
  }
  return { results, written }
}
