import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { parse } from "csv-parse"
import type { Readable } from "stream"
import type { ImportMemberInput } from "../../../modules/loyalty/imports/member-import-store"
import type LoyaltyModuleService from "../../../modules/loyalty/service"
import { addMonthsUTC } from "../../../rules/expiry"
import { ImportColumn, mapImportHeader, parseMemberRow } from "../../../rules/member-import"
import { evaluateMemberTiersWorkflow } from "../../tiers/workflows/evaluate-member-tiers"

/** Finds Medusa customers by email (lower case) and creates the missing ones. */
export type ImportCustomers = {
  findByEmails(emails: string[]): Promise<Map<string, string>>
  /** Customers for these emails, made without events (no signup bonus for an imported member). */
  create(emails: string[]): Promise<Map<string, string>>
}

export type MemberImportReport = {
  rows: number
  imported: number
  already_imported: number
  customers_created: number
  failed: number
  /** Bad rows by line (the header is line 1), the first `max_reported`. */
  errors: { line: number; message: string }[]
  warnings: { line: number; message: string }[]
  seconds: number
}

export type ImportMembersOptions = {
  loyalty: LoyaltyModuleService
  customers: ImportCustomers
  /** What the members come from ("smile", "loyaltylion", a file's name): a member is imported once per source. */
  source: string
  /** How long an imported tier is held as a floor (months; default 12). */
  tier_months?: number
  /** Rows handled together: customers looked up and created in one query each. */
  chunk_size?: number
  max_reported?: number
  /**
   * Given, per chunk, the customers whose row named a tier and who were
   * imported: evaluate them (see `evaluateImportedTiers`) so that they
   * hold the tier at once, with its customer group, prices and notice.
   */
  onTiered?: (customerIds: string[]) => Promise<void>
  /** Told after each chunk: rows read so far and bytes read of the input. */
  onProgress?: (rows: number, bytes: number) => void
}

/**
 * Imports the members of a CSV export of another loyalty app (email,
 * points, tier, referral code, birthday; Smile.io's and LoyaltyLion's
 * column names are understood), streaming: the file goes through
 * csv-parse and is handled `chunk_size` rows at a time, so memory stays
 * the same whatever the file's length. Per chunk the customers are found
 * by email in one query and the missing ones created in one; then the
 * chunk's members are written in one transaction (`importMembers`: one
 * `import` entry each under the key of source and customer), while the next
 * chunk's customers are found. A bad row is reported by its line and stops
 * nothing else; running the same file again changes nothing.
 */
export async function importMembersCsv(input: Readable, options: ImportMembersOptions): Promise<MemberImportReport> {
  const started = Date.now()
  const chunkSize = options.chunk_size ?? 500
  const maxReported = options.max_reported ?? 1000
  const tiers = new Map(
    ((await options.loyalty.listLoyaltyTiers({}, { select: ["id", "name"] })) as { id: string; name: string }[]).map((t) => [t.name.trim().toLowerCase(), t.id])
  )
  const tierUntil = addMonthsUTC(new Date(), options.tier_months ?? 12)
  const report: MemberImportReport = { rows: 0, imported: 0, already_imported: 0, customers_created: 0, failed: 0, errors: [], warnings: [], seconds: 0 }
  const note = (list: "errors" | "warnings", line: number, message: string) => {
    if (list === "errors") {
      report.failed++
    }
    if (report[list].length < maxReported) {
      report[list].push({ line, message })
    }
  }

  let headerProblem: string | null = null
  const parser = parse({
    columns: (header: string[]) => {
      const mapped = mapImportHeader(header)
      headerProblem = mapped.problem
      if (mapped.problem) {
        throw new Error(mapped.problem)
      }
      // columns Kapy does not know are skipped
      return mapped.columns.map((c) => c ?? false) as any
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
  })
  input.on("error", (error) => parser.destroy(error))
  input.pipe(parser)

  // Two stages, each in file order: a chunk's customers are found and made
  // while the chunk before it is written to the ledger (one write at a
  // time), so PostgreSQL and Node work side by side. A later chunk sees an
  // earlier one's customers (stage 1 in order) and accounts (stage 2 in order).
  let chunk: ImportRow[] = []
  let writing: Promise<void> = Promise.resolve()
  const flush = async () => {
    const rows = chunk
    chunk = []
    const prepared = await prepareChunk(rows, options, tiers, tierUntil, report)
    await writing
    const rowsSoFar = report.rows
    const bytesSoFar = bytes
    writing = writeChunk(prepared, options, report, note).then(() => options.onProgress?.(rowsSoFar, bytesSoFar))
    // awaited at the next chunk or at the end; until then its failure must not count as unhandled
    writing.catch(() => {})
  }
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Partial<Record<ImportColumn, string>>; info: { lines: number } }>) {
      report.rows++
      chunk.push({ line: info.lines, record })
      if (chunk.length >= chunkSize) {
        await flush()
      }
    }
  } catch (error: any) {
    throw new Error(headerProblem ?? `The file is not valid CSV: ${error?.message ?? error}`)
  }
  if (chunk.length) {
    await flush()
  }
  await writing
  if (report.imported > 1000) {
    await options.loyalty.refreshImportStatistics()
  }
  report.seconds = (Date.now() - started) / 1000
  return report
}

type ImportRow = { line: number; record: Partial<Record<ImportColumn, string>> }

/** A chunk whose customers exist: the members to write and what its rows had to say before any write. */
type PreparedChunk = {
  members: { line: number; input: ImportMemberInput }[]
  notes: { list: "errors" | "warnings"; line: number; message: string }[]
}

/** Stage 1 of a chunk: its rows parsed, its customers found by email in one query and the missing ones made in one. */
async function prepareChunk(
  rows: ImportRow[],
  options: ImportMembersOptions,
  tiers: Map<string, string>,
  tierUntil: Date,
  report: MemberImportReport
): Promise<PreparedChunk> {
  const notes: PreparedChunk["notes"] = []
  const parsed = rows.map((r) => ({ line: r.line, result: parseMemberRow(r.record) }))
  const emails = [...new Set(parsed.flatMap((p) => (p.result.ok ? [p.result.row.email] : [])))]
  const customers = emails.length ? await options.customers.findByEmails(emails) : new Map<string, string>()
  const missing = emails.filter((e) => !customers.has(e))
  if (missing.length) {
    const created = await options.customers.create(missing)
    created.forEach((id, email) => customers.set(email, id))
    report.customers_created += created.size
  }
  const seen = new Set<string>()
  const members: PreparedChunk["members"] = []
  for (const { line, result } of parsed) {
    if (!result.ok) {
      notes.push({ list: "errors", line, message: result.message })
      continue
    }
    const row = result.row
    if (seen.has(row.email)) {
      notes.push({ list: "errors", line, message: `email: ${row.email} appears twice in the file; the first row counts` })
      continue
    }
    seen.add(row.email)
    result.warnings.forEach((w) => notes.push({ list: "warnings", line, message: w }))
    const tierId = row.tier ? tiers.get(row.tier.toLowerCase()) ?? null : null
    if (row.tier && !tierId) {
      notes.push({ list: "warnings", line, message: `tier: no tier is called "${row.tier}"; the member's tier follows the program's rules` })
    }
    members.push({
      line,
      input: {
        customer_id: customers.get(row.email)!,
        email: row.email,
        points: row.points,
        source: options.source,
        birthday: row.birthday,
        referral_code: row.referral_code,
        tier_id: tierId,
        tier_until: tierId ? tierUntil : null,
      },
    })
  }
  return { members, notes }
}

/** Stage 2 of a chunk: its members written in one transaction (a savepoint each), its notes reported in line order. */
async function writeChunk(
  { members, notes }: PreparedChunk,
  options: ImportMembersOptions,
  report: MemberImportReport,
  note: (list: "errors" | "warnings", line: number, message: string) => void
) {
  notes.forEach((n) => note(n.list, n.line, n.message))
  const results = members.length ? await options.loyalty.importMembers(members.map((m) => m.input)) : []
  results.forEach((done, i) => {
    const line = members[i].line
    if (done.status === "failed") {
      note("errors", line, done.message)
      return
    }
    done.warnings.forEach((w) => note("warnings", line, w))
    report[done.status]++
  })
  const tiered = results.flatMap((done, i) => (done.status === "imported" && members[i].input.tier_id ? [members[i].input.customer_id] : []))
  if (tiered.length && options.onTiered) {
    await options.onTiered(tiered)
  }
}

/**
 * What an import does with the members it gave a tier: evaluates them at
 * once (`evaluateMemberTiersWorkflow`), so the imported tier is theirs
 * now, not after the next `tiers:evaluate`: its customer group (and so
 * its price list and promotion), their open carts, and
 * `loyalty.tier_changed` (the notice).
 */
export function evaluateImportedTiers(container: MedusaContainer): (customerIds: string[]) => Promise<void> {
  return async (customerIds) => {
    await evaluateMemberTiersWorkflow(container).run({ input: { members: customerIds.map((customer_id) => ({ customer_id })) } })
  }
}

/** Customers found by email (a registered one wins over a guest) or created without events, in Medusa's customer module. */
export function medusaImportCustomers(container: MedusaContainer): ImportCustomers {
  const customerModule = container.resolve(Modules.CUSTOMER)
  return {
    async findByEmails(emails) {
      const found = await customerModule.listCustomers({ email: emails }, { select: ["id", "email", "has_account"] })
      const map = new Map<string, string>()
      for (const c of found.sort((a: any, b: any) => Number(a.has_account) - Number(b.has_account))) {
        map.set(c.email!.toLowerCase(), c.id)
      }
      return map
    },
    async create(emails) {
      const created = await customerModule.createCustomers(emails.map((email) => ({ email, has_account: false })))
      return new Map(created.map((c: any) => [c.email.toLowerCase(), c.id]))
    },
  }
}
