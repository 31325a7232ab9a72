import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { AwardRowInput, parseAwardRow } from "../../../rules/awards"
import type { LedgerResult } from "../../../types/loyalty"

export const awardImportedRowsStepId = "kapy-award-imported-rows"

export type ImportedRow = { line: number; record: AwardRowInput }

export type ImportRowResult =
  | { line: number; status: "awarded" | "already_awarded"; points: number; entry_id: string }
  | { line: number; status: "error"; message: string }

const LOOKUP_CHUNK = 500

/**
 * Awards the rows of an uploaded file, each on its own: a row is one
 * ledger write in its own transaction, all or nothing, under its key (the
 * file's, or a hash of the row and its line), so the same file again
 * awards nothing new. Positive points are credited (reason `import`);
 * negative ones are taken as an adjustment, never below zero. A bad row
 * (unknown customer, `1.5`, no reason, more than the balance) is reported
 * with its line and stops nothing else. No compensation: each row that
 * was awarded stands on its own, and a re-upload completes the rest.
 *
 * @example
 * awardImportedRowsStep({ rows: [{ line: 2, record: { email: "aino@example.com", points: "50", reason: "Event" } }], actor_id: "user_123" })
 */
export const awardImportedRowsStep = createStep(
  awardImportedRowsStepId,
  async (input: { rows: ImportedRow[]; actor_id?: string | null }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
    const parsed = input.rows.map((r) => ({ line: r.line, row: parseAwardRow(r.record, r.line) }))

    // customers by email and by id, looked up in chunks
    const emails = [...new Set(parsed.flatMap((p) => (p.row.ok && p.row.email ? [p.row.email] : [])))]
    const ids = [...new Set(parsed.flatMap((p) => (p.row.ok && p.row.customer_id ? [p.row.customer_id] : [])))]
    const byEmail = new Map<string, string>()
    const known = new Set<string>()
    for (let i = 0; i < emails.length; i += LOOKUP_CHUNK) {
      const { data } = await query.graph({ entity: "customer", fields: ["id", "email", "has_account", "created_at"], filters: { email: emails.slice(i, i + LOOKUP_CHUNK) } })
      // a registered customer wins over a guest record with the same email
      for (const c of [...data].sort((a: any, b: any) => Number(a.has_account) - Number(b.has_account))) {
        byEmail.set(String(c.email).toLowerCase(), c.id)
      }
    }
    for (let i = 0; i < ids.length; i += LOOKUP_CHUNK) {
      const { data } = await query.graph({ entity: "customer", fields: ["id"], filters: { id: ids.slice(i, i + LOOKUP_CHUNK) } })
      data.forEach((c: any) => known.add(c.id))
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
        actor_id: input.actor_id ?? null,
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
        if (!error?.type || error.type === "unexpected_state") {
          throw error
        }
        results.push({ line, status: "error", message: error.message })
      }
    }
    return new StepResponse({ results, written })
  }
)
