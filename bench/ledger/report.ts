/**
 * The bench's result as Markdown tables, ready to paste into BENCHMARKS.md.
 * Ratios are Kapy / store credit: above 1 is Kapy ahead for throughput,
 * below 1 is Kapy ahead for read time.
 */
export type WriteFigure = { label: string; operations: number; perSecond: number[] }
type ReadSummary = { median: number; p95: number; count: number }

export type Report = {
  subjects: string[]
  writes: WriteFigure[]
  afterFill: WriteFigure[]
  reads: { small: ReadSummary; big: ReadSummary }[]
  settings: {
    clients: number
    rounds: number
    ops: number
    big: number
    small: number
    reads: number
    bigOps: number
    pool: number
  }
  environment: { date: string; cpus: number; node: string; postgres: string; server: string }
  kapyAccountsReconciled: number
}

/** 100000 → "100 000": the counts are read, not parsed. */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " ")
}

function ratio(a: number, b: number): string {
  return (a / b).toFixed(2)
}

function writeRows(figures: WriteFigure[]): string[] {
  return figures.map(
    (f) =>
      `| ${f.label} | ${f.perSecond[0].toFixed(0)} | ${f.perSecond[1].toFixed(0)} | ${ratio(f.perSecond[0], f.perSecond[1])} |`
  )
}

function header(first: string, subjects: string[]): string[] {
  return [`| ${first} | ${subjects[0]} | ${subjects[1]} | ${subjects[0]} / ${subjects[1]} |`, "| --- | ---: | ---: | ---: |"]
}

function readTable(report: Report): string[] {
  const [kapy, credit] = report.reads
  const cell = (r: ReadSummary) => `${r.median.toFixed(0)} (p95 ${r.p95.toFixed(0)})`
  const { small, big } = report.settings
  return [
    ...header("balance read, µs: median (p95)", report.subjects),
    `| account with ${count(small)} entries | ${cell(kapy.small)} | ${cell(credit.small)} | ${ratio(kapy.small.median, credit.small.median)} |`,
    `| account with ${count(big)} entries | ${cell(kapy.big)} | ${cell(credit.big)} | ${ratio(kapy.big.median, credit.big.median)} |`,
    `| ${count(big)} ÷ ${count(small)} entries (medians) | ${ratio(kapy.big.median, kapy.small.median)} | ${ratio(credit.big.median, credit.small.median)} | |`,
  ]
}

export function renderReport(report: Report): string {
  const s = report.settings
  const e = report.environment
  return [
    `bench/ledger, ${e.date}: ${e.cpus} CPUs, Node ${e.node}, PostgreSQL ${e.postgres} at ${e.server}`,
    `${count(s.ops)} writes of 1 point per figure and ledger in ${s.rounds} alternating rounds; ` +
      `${s.clients} clients = ${s.clients} concurrent sequential loops; knex pool of ${s.pool}`,
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
    `${count(s.reads)} reads per account and ledger. Kapy reconcile after the run: ` +
      `${report.kapyAccountsReconciled} accounts, 0 drifts.`,
  ].join("\n")
}

export function printReport(report: Report) {
  process.stdout.write(`\n${renderReport(report)}\n\n`)
}
