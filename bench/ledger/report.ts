/**
 * The bench's result as Markdown tables, ready to paste into BENCHMARKS.md.
 * Ratios are Kapy / store credit: above 1 is Kapy ahead for throughput,
 * below 1 is Kapy ahead for read time. "per round" is the range of the
 * same ratio taken round by round (each round times every subject once,
 * in alternating order): the noise within the run.
 *
 * Subjects, in this order in every figure: Kapy, store credit, and for the
 * main figures the two ceilings (Kapy's SQL, essential SQL; see ceiling.ts).
 */
import type { Figure } from "../lib/figures"

export type WriteFigure = {
  label: string
  operations: number
  /** per subject */
  perSecond: number[]
  /** per subject, per round: seconds for that round's operations */
  roundSeconds: number[][]
}

type ReadSummary = { median: number; p95: number; count: number; roundMedians: number[] }

export type PlanCheck = { label: string; summary: string; milliseconds: number; seqScanOnBigTable: boolean }

export type StatementCheck = {
  earn: { kapy: number; kapySql: number; essential: number }
  spend: { kapy: number; kapySql: number; essential: number }
  /** null when the replay ceiling sends exactly what the module sent */
  difference: string | null
}

export type Report = {
  subjects: string[]
  writes: WriteFigure[]
  afterFill: WriteFigure[]
  /** per subject: small and big account */
  reads: { small: ReadSummary; big: ReadSummary }[]
  /** null when the run left the ceiling out (KAPY_BENCH_CEILING=0) */
  statements: StatementCheck | null
  plans: PlanCheck[]
  settings: {
    clients: number
    rounds: number
    ops: number
    big: number
    small: number
    reads: number
    bigOps: number
    pool: number
    kapyBy: "account" | "customer"
  }
  environment: { date: string; time: string; cpus: number; node: string; postgres: string; server: string; load: string }
  kapyAccountsReconciled: number
}

/** 100000 → "100 000": the counts are read, not parsed. */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " ")
}

function fixed(x: number): string {
  return x.toFixed(2)
}

function range(values: number[], format: (x: number) => string = fixed): string {
  const low = Math.min(...values)
  const high = Math.max(...values)
  return format(low) === format(high) ? format(low) : `${format(low)}–${format(high)}`
}

/** Kapy's throughput over store credit's, round by round (same operations: a ratio of seconds). */
function roundRatios(f: WriteFigure, a = 0, b = 1): number[] {
  return f.roundSeconds[a].map((seconds, round) => f.roundSeconds[b][round] / seconds)
}

function writeRows(figures: WriteFigure[]): string[] {
  return figures.map(
    (f) =>
      `| ${f.label} | ${f.perSecond[0].toFixed(0)} | ${f.perSecond[1].toFixed(0)} | ` +
      `${fixed(f.perSecond[0] / f.perSecond[1])} | ${range(roundRatios(f))} |`
  )
}

function header(first: string, subjects: string[]): string[] {
  return [
    `| ${first} | ${subjects[0]} | ${subjects[1]} | ${subjects[0]} / ${subjects[1]} | per round |`,
    "| --- | ---: | ---: | ---: | ---: |",
  ]
}

function readTable(report: Report): string[] {
  const [kapy, credit] = report.reads
  const cell = (r: ReadSummary) => `${r.median.toFixed(0)} (p95 ${r.p95.toFixed(0)})`
  const perRound = (a: ReadSummary, b: ReadSummary) => range(a.roundMedians.map((m, i) => m / b.roundMedians[i]))
  const { small, big } = report.settings
  return [
    ...header("balance read, µs: median (p95)", report.subjects),
    `| account with ${count(small)} entries | ${cell(kapy.small)} | ${cell(credit.small)} | ` +
      `${fixed(kapy.small.median / credit.small.median)} | ${perRound(kapy.small, credit.small)} |`,
    `| account with ${count(big)} entries | ${cell(kapy.big)} | ${cell(credit.big)} | ` +
      `${fixed(kapy.big.median / credit.big.median)} | ${perRound(kapy.big, credit.big)} |`,
    `| ${count(big)} ÷ ${count(small)} entries (medians) | ${fixed(kapy.big.median / kapy.small.median)} | ` +
      `${fixed(credit.big.median / credit.small.median)} | | |`,
  ]
}

const KAPY = 0
const KAPY_SQL = 2
const ESSENTIAL = 3

function percent(share: number): string {
  return `${(share * 100).toFixed(0)} %`
}

/**
 * Kapy's time against the ceilings: the share outside PostgreSQL (Medusa,
 * MikroORM, knex, the service: 1 − Kapy's SQL / Kapy, Kapy's SQL being
 * the module's own statements), and the essential ceiling's time over Kapy's
 * SQL's (for a write: the same write as 7 separate statements over the one
 * statement the module sends; above 1, the one statement is faster).
 */
function shares(kapy: number, kapySql: number, essential: number) {
  return { framework: 1 - kapySql / kapy, essentialOverSql: essential / kapySql }
}

function ceilingTable(report: Report): string[] {
  const names = report.subjects
  const rows: string[] = [
    `| operation | ${names[KAPY]} | ${names[KAPY_SQL]} | ${names[ESSENTIAL]} | ` +
      `not PostgreSQL: 1 − ${names[KAPY_SQL]} / ${names[KAPY]} (per round) | time of ${names[ESSENTIAL]} ÷ ${names[KAPY_SQL]} |`,
    "| --- | ---: | ---: | ---: | ---: | ---: |",
  ]
  for (const f of report.writes) {
    // time per operation is 1 / throughput: shares from the seconds of the same operations
    const total = (s: number) => f.roundSeconds[s].reduce((a, b) => a + b, 0)
    const all = shares(total(KAPY), total(KAPY_SQL), total(ESSENTIAL))
    const perRound = f.roundSeconds[KAPY].map((_, r) =>
      shares(f.roundSeconds[KAPY][r], f.roundSeconds[KAPY_SQL][r], f.roundSeconds[ESSENTIAL][r]).framework
    )
    rows.push(
      `| ${f.label}, entries/s | ${f.perSecond[KAPY].toFixed(0)} | ${f.perSecond[KAPY_SQL].toFixed(0)} | ` +
        `${f.perSecond[ESSENTIAL].toFixed(0)} | ${percent(all.framework)} (${range(perRound, percent)}) | ` +
        `${fixed(all.essentialOverSql)} |`
    )
  }
  const { small, big } = report.settings
  for (const [which, label] of [
    ["small", `balance read, ${count(small)} entries, µs (median)`],
    ["big", `balance read, ${count(big)} entries, µs (median)`],
  ] as const) {
    const [kapy, kapySql, essential] = [KAPY, KAPY_SQL, ESSENTIAL].map((s) => report.reads[s][which])
    const all = shares(kapy.median, kapySql.median, essential.median)
    const perRound = kapy.roundMedians.map((m, r) => 1 - kapySql.roundMedians[r] / m)
    rows.push(
      `| ${label} | ${kapy.median.toFixed(0)} | ${kapySql.median.toFixed(0)} | ${essential.median.toFixed(0)} | ` +
        `${percent(all.framework)} (${range(perRound, percent)}) | ${fixed(all.essentialOverSql)} |`
    )
  }
  return rows
}

function statementLines(report: Report): string[] {
  if (!report.statements) {
    return []
  }
  const { earn, spend, difference } = report.statements
  return [
    `Statements per write, BEGIN and COMMIT included: Kapy (by ${report.settings.kapyBy} id) earn ${earn.kapy}, spend ${spend.kapy}; ` +
      `"${report.subjects[KAPY_SQL]}" ${earn.kapySql} / ${spend.kapySql}, ` +
      (difference
        ? `which DIFFERS from what the module sent: ${difference}; `
        : "the module's own statements, same text and order (checked during the run); ") +
      `"${report.subjects[ESSENTIAL]}" ${earn.essential} / ${spend.essential}.`,
  ]
}

function planLines(report: Report): string[] {
  return report.plans.map(
    (p) =>
      `- ${p.label}: ${p.summary}, ${p.milliseconds.toFixed(2)} ms` +
      (p.seqScanOnBigTable ? " — SEQUENTIAL SCAN of the ledger" : "")
  )
}

export function renderReport(report: Report): string {
  const s = report.settings
  const e = report.environment
  return [
    `bench/ledger, ${e.date} ${e.time} UTC: ${e.cpus} CPUs (load average ${e.load} at the start), Node ${e.node}, ` +
      `PostgreSQL ${e.postgres} at ${e.server}`,
    `${count(s.ops)} writes of 1 point per figure and subject in ${s.rounds} alternating rounds; ` +
      `${s.clients} clients = ${s.clients} concurrent sequential loops; knex pool and pg Pool of ${s.pool} each; ` +
      `Kapy addressed by ${s.kapyBy} id`,
    "",
    ...header("throughput, entries/s", report.subjects),
    ...writeRows(report.writes),
    "",
    ...readTable(report),
    "",
    `After the ${count(s.big)}-entry fill and the reads, ${count(s.bigOps)} writes per row and ledger:`,
    "",
    ...header("throughput, entries/s", report.subjects),
    ...writeRows(report.afterFill),
    "",
    ...(report.statements
      ? [
          "The ceiling: the same operations as plain SQL through a pg Pool (same figures, same rounds):",
          "",
          ...ceilingTable(report),
          "",
          ...statementLines(report),
        ]
      : ["The ceiling was left out of this run (KAPY_BENCH_CEILING=0)."]),
    "",
    `Plans after the fill (EXPLAIN ANALYZE, ${count(s.big)}+ rows in kapy_ledger_entry):`,
    ...planLines(report),
    "",
    `${count(s.reads)} reads per account and subject. Kapy reconcile after the run: ` +
      `${report.kapyAccountsReconciled} accounts${report.statements ? " (the ceiling's included)" : ""}, 0 drifts.`,
  ].join("\n")
}

export function printReport(report: Report) {
  process.stdout.write(`\n${renderReport(report)}\n\n`)
}

/**
 * The figures the issue "The hot paths" holds bench/ledger to, as
 * Kapy / store credit: the hot account (16 clients earning on one account)
 * at least even, every other write not worse than the run of 2026-11-24
 * (its medians, BENCHMARKS.md), and the balance read flat with the
 * account's size.
 */
const WRITE_BEFORE: Record<string, number> = {
  "earn, 1 client": 0.89,
  "earn, 16 clients, 16 accounts": 1.07,
  "spend, 1 client": 1.12,
  "spend, 16 clients, 16 accounts": 1.29,
  "spend, 16 clients, 1 account": 1.28,
}

export function headlineFigures(report: Report): Figure[] {
  const writes: Figure[] = report.writes.map((f) => {
    const ratio = f.perSecond[0] / f.perSecond[1]
    const hot = f.label.startsWith("earn") && f.label.endsWith(", 1 account")
    const before = WRITE_BEFORE[f.label]
    const goal = hot ? 1 : before
    return {
      figure: `ledger ${f.label}, Kapy ÷ store credit`,
      goal: hot ? "≥ 1.0" : before !== undefined ? `≥ ${fixed(before)} (2026-11-24)` : "—",
      measured: `${fixed(ratio)} (${f.perSecond[0].toFixed(0)} vs ${f.perSecond[1].toFixed(0)}/s)`,
      met: goal === undefined ? undefined : ratio >= goal,
    }
  })
  const [kapy] = report.reads
  const growth = kapy.big.median / kapy.small.median
  return [
    ...writes,
    {
      figure: `ledger balance read, ${count(report.settings.big)} ÷ ${count(report.settings.small)} entries`,
      goal: "flat (≤ 1.5)",
      measured: `${fixed(growth)} (${kapy.big.median.toFixed(0)} vs ${kapy.small.median.toFixed(0)} µs)`,
      met: growth <= 1.5,
    },
  ]
}
