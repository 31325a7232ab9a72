/**
 * bench/ledger: Kapy's points ledger beside the store-credit module of
 * Medusa's own @medusajs/loyalty-plugin, both loaded in one Medusa module
 * app on one fresh database, at module level (service calls, no HTTP):
 *
 * - earn (credit) and spend (debit) throughput in entries per second, with
 *   1 client, 16 clients on 16 accounts and 16 clients on one hot account;
 * - balance read time for an account holding 10 entries and one holding
 *   100 000 (store credit sums its transactions, Kapy reads a stored total);
 * - the ceiling (ceiling.ts): the same earn, spend and read as plain SQL
 *   through a `pg` Pool of the same size, timed in the same rounds, so the
 *   report can say what share of a Kapy operation is spent outside
 *   PostgreSQL;
 * - the plan of the idempotency-key lookup every write makes, on a ledger of
 *   100 000+ entries.
 *
 * Kapy is addressed by account id, as a caller holding the account does
 * (by customer id a write also takes an advisory lock and looks up the
 * identity); its balance read is `retrieveMember`, which writes nothing.
 *
 *   npm run bench -- ledger
 *   npx ts-node --swc bench/ledger/index.ts     (DB_HOST… must point at a server)
 *
 * Settings (env): KAPY_BENCH_OPS (writes per figure and module, default 480),
 * KAPY_BENCH_CLIENTS (16), KAPY_BENCH_ROUNDS (2), KAPY_BENCH_BIG (100000),
 * KAPY_BENCH_READS (200), KAPY_BENCH_BIG_OPS (20), KAPY_BENCH_POOL (clients + 4),
 * KAPY_BENCH_KAPY_BY (account; "customer" addresses Kapy by customer id),
 * KAPY_BENCH_CEILING (1; 0 leaves the ceiling out).
 */
import os from "os"
import path from "path"
import { Pool } from "pg"
import { createBenchDatabase, describeServer } from "../lib/database"
import { envInt, percentile, sampleMicros, timeClients, benchProgress } from "../lib/measure"
import { loadModules } from "../lib/modules"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"
import { CeilingSubject, ceilingSubject, KEY_STATE, normaliseSql } from "./ceiling"
import { count, headlineFigures, PlanCheck, printReport, Report, StatementCheck, WriteFigure } from "./report"
import { recordFigures } from "../lib/figures"
import { ComparedSubject, KapyAddressing, kapySubject, LedgerSubject, storeCreditSubject } from "./subjects"

const ROOT = path.resolve(__dirname, "..", "..")
const KAPY_MODULE_DIR = path.join(ROOT, "src", "modules", "loyalty")
const STORE_CREDIT_MODULE_DIR = path.dirname(
  require.resolve("@medusajs/loyalty-plugin/.medusa/server/src/modules/store-credit")
)

const CLIENTS = envInt("KAPY_BENCH_CLIENTS", 16)
const ROUNDS = envInt("KAPY_BENCH_ROUNDS", 2)
const OPS = envInt("KAPY_BENCH_OPS", 480)
const BIG = envInt("KAPY_BENCH_BIG", 100_000, { min: 2 })
const SMALL = 10
const READS = envInt("KAPY_BENCH_READS", 200)
const BIG_OPS = envInt("KAPY_BENCH_BIG_OPS", 20)
const POOL = envInt("KAPY_BENCH_POOL", CLIENTS + 4)
const KAPY_BY = (process.env.KAPY_BENCH_KAPY_BY || "account") as KapyAddressing
if (KAPY_BY !== "account" && KAPY_BY !== "customer") {
  throw new Error(`KAPY_BENCH_KAPY_BY must be "account" or "customer", got "${KAPY_BY}"`)
}
/** 0: Kapy and store credit only, as runs before the ceiling (a control for the ceiling's own effect on the ratios). */
const WITH_CEILING = envInt("KAPY_BENCH_CEILING", 1, { min: 0 }) !== 0
const WARMUP = 30
/** The machine is shared: the load when the run began goes into the report. */
const LOAD_AT_START = os.loadavg().map((l) => l.toFixed(2)).join(" ")

const progress = benchProgress("ledger")

/** The accounts each subject writes to; every subject gets the same shapes. */
type Accounts = { single: string; many: string[]; hot: string; warm: string }

async function openAccounts(subject: LedgerSubject, tag: string): Promise<Accounts> {
  return {
    single: await subject.openAccount(`${tag}-single`),
    many: await Promise.all(Array.from({ length: CLIENTS }, (_, c) => subject.openAccount(`${tag}-many-${c}`))),
    hot: await subject.openAccount(`${tag}-hot`),
    warm: await subject.openAccount(`${tag}-warm`),
  }
}

/** The three client shapes: how many loops, and which account loop `c` writes to. */
function shapes(accounts: Accounts) {
  return [
    { label: "1 client", clients: 1, account: () => accounts.single },
    { label: `${CLIENTS} clients, ${CLIENTS} accounts`, clients: CLIENTS, account: (c: number) => accounts.many[c] },
    { label: `${CLIENTS} clients, 1 account`, clients: CLIENTS, account: () => accounts.hot },
  ]
}

const SHAPE_COUNT = 3

/** Same-order bias (caches, autovacuum, a neighbour's load) falls on both: the order flips each round. */
function orderForRound<T>(pair: T[], round: number): T[] {
  return round % 2 === 0 ? pair : [...pair].reverse()
}

/**
 * Entries per second for one write figure, per subject: OPS operations split
 * over ROUNDS rounds and over the shape's clients, with the subjects taking
 * turns within each round (and each round's seconds, for the noise).
 */
async function measureWrites(
  kind: "earn" | "spend",
  subjects: LedgerSubject[],
  accounts: Map<LedgerSubject, Accounts>
): Promise<WriteFigure[]> {
  const figures: WriteFigure[] = []
  for (let s = 0; s < SHAPE_COUNT; s++) {
    const { label: shapeLabel, clients } = shapes(accounts.get(subjects[0])!)[s]
    const label = `${kind}, ${shapeLabel}`
    const perClient = Math.max(1, Math.round(OPS / ROUNDS / clients))
    const seconds = new Map(subjects.map((subject) => [subject, [] as number[]]))
    for (let round = 0; round < ROUNDS; round++) {
      for (const subject of orderForRound(subjects, round)) {
        const shape = shapes(accounts.get(subject)!)[s]
        seconds.get(subject)!.push(await timeClients(clients, perClient, (c) => subject[kind](shape.account(c), 1)))
      }
    }
    const operations = perClient * clients * ROUNDS
    const roundSeconds = subjects.map((subject) => seconds.get(subject)!)
    const perSecond = roundSeconds.map((rounds) => operations / rounds.reduce((a, b) => a + b, 0))
    figures.push({ label, operations, perSecond, roundSeconds })
    progress(`${label}: ${subjects.map((subject, i) => `${subject.name} ${perSecond[i].toFixed(0)}/s`).join(", ")}`)
  }
  return figures
}

/** Connections, JIT and plan caches warm before anything is timed. */
async function warmUp(subject: LedgerSubject, accounts: Accounts) {
  for (let i = 0; i < WARMUP; i++) {
    await subject.earn(accounts.warm, 1)
  }
  for (let i = 0; i < WARMUP; i++) {
    await subject.spend(accounts.warm, 1)
    await subject.balance(accounts.warm)
  }
  await timeClients(CLIENTS, 2, () => subject.earn(accounts.warm, 1))
}

type ReadAccounts = { small: string; big: string }

async function prepareReadAccounts(subject: ComparedSubject, knex: any): Promise<ReadAccounts> {
  const small = await subject.openAccount(`${subject.name}-read-small`)
  for (let i = 0; i < SMALL; i++) {
    await subject.earn(small, 1)
  }
  const big = await subject.openAccount(`${subject.name}-read-big`)
  const filling = Date.now()
  await subject.fill(big, BIG)
  // Settled tables, as in a shop whose history was not written a second ago:
  // fresh statistics, and no autovacuum of the bulk rows during the reads.
  await knex.raw(`VACUUM ANALYZE ${subject.tables.join(", ")}`)
  progress(`${subject.name}: an account with ${count(BIG)} entries filled in ${((Date.now() - filling) / 1000).toFixed(1)}s`)
  await expectBalance(subject, small, SMALL)
  await expectBalance(subject, big, BIG)
  return { small, big }
}

async function expectBalance(subject: LedgerSubject, handle: string, expected: number) {
  const balance = await subject.balance(handle)
  if (balance !== expected) {
    throw new Error(`${subject.name}: account ${handle} holds ${balance}, expected ${expected}: the bench data is wrong`)
  }
}

/** READS balance reads per subject and account, split over rounds that alternate the order. */
async function measureReads(subjects: LedgerSubject[], readAccounts: Map<LedgerSubject, ReadAccounts>) {
  const samples = new Map(subjects.map((s) => [s, { small: [] as number[][], big: [] as number[][] }]))
  for (const subject of subjects) {
    const { small, big } = readAccounts.get(subject)!
    await sampleMicros(WARMUP, () => subject.balance(small))
    await sampleMicros(Math.min(WARMUP, 5), () => subject.balance(big))
  }
  const perRound = Math.max(1, Math.round(READS / ROUNDS))
  for (let round = 0; round < ROUNDS; round++) {
    for (const subject of orderForRound(subjects, round)) {
      const { small, big } = readAccounts.get(subject)!
      samples.get(subject)!.small.push(await sampleMicros(perRound, () => subject.balance(small)))
      samples.get(subject)!.big.push(await sampleMicros(perRound, () => subject.balance(big)))
    }
  }
  const summary = (rounds: number[][]) => {
    const xs = rounds.flat()
    return {
      median: percentile(xs, 50),
      p95: percentile(xs, 95),
      count: xs.length,
      roundMedians: rounds.map((r) => percentile(r, 50)),
    }
  }
  const reads = subjects.map((subject) => ({
    small: summary(samples.get(subject)!.small),
    big: summary(samples.get(subject)!.big),
  }))
  for (const [i, subject] of subjects.entries()) {
    progress(
      `${subject.name} balance read: ${SMALL} entries ${reads[i].small.median.toFixed(0)} µs, ` +
        `${count(BIG)} entries ${reads[i].big.median.toFixed(0)} µs (medians)`
    )
  }
  return reads
}

/**
 * A few writes after the fills, on the 100 000-entry account and on the
 * 10-entry one: the first pair shows whether a write's cost follows the
 * account's history, the second whether it follows the size of the table.
 */
async function measureWritesAfterFill(subjects: ComparedSubject[], readAccounts: Map<LedgerSubject, ReadAccounts>) {
  const cases = [
    { kind: "earn" as const, account: "small" as const, label: `earn, 1 client, ${SMALL}-entry account, after the fill` },
    { kind: "earn" as const, account: "big" as const, label: `earn, 1 client, the ${count(BIG)}-entry account` },
    // after the earns above, so the small account holds enough to spend
    { kind: "spend" as const, account: "small" as const, label: `spend, 1 client, ${SMALL}-entry account, after the fill` },
    { kind: "spend" as const, account: "big" as const, label: `spend, 1 client, the ${count(BIG)}-entry account` },
  ]
  const figures: WriteFigure[] = []
  for (const [i, { kind, account, label }] of cases.entries()) {
    const seconds = new Map<LedgerSubject, number>()
    for (const subject of orderForRound(subjects, i)) {
      const handle = readAccounts.get(subject)![account]
      seconds.set(subject, await timeClients(1, BIG_OPS, () => subject[kind](handle, 1)))
    }
    const perSecond = subjects.map((subject) => BIG_OPS / seconds.get(subject)!)
    figures.push({ label, operations: BIG_OPS, perSecond, roundSeconds: subjects.map((subject) => [seconds.get(subject)!]) })
    progress(`${label}: ${subjects.map((s, j) => `${s.name} ${perSecond[j].toFixed(0)}/s`).join(", ")}`)
  }
  return figures
}

/**
 * Records the statements one Kapy earn and one spend by account id send
 * (knex's query events: every statement of the module goes through the
 * shared knex), and those of the two ceilings, and compares the replay
 * ceiling's with the module's: a change in the module's SQL shows in the
 * report instead of silently making the ceiling measure something else.
 */
async function checkStatements(
  kapy: LedgerSubject,
  kapyAccount: string,
  ceilings: CeilingSubject[],
  ceilingAccounts: string[],
  knex: any
): Promise<StatementCheck> {
  const recordKapy = async (work: () => Promise<void>) => {
    const sent: string[] = []
    const listener = (query: { sql: string }) => sent.push(query.sql)
    knex.on("query", listener)
    try {
      await work()
    } finally {
      knex.removeListener("query", listener)
    }
    return sent
  }
  const kapyEarn = await recordKapy(() => kapy.earn(kapyAccount, 1))
  const kapySpend = await recordKapy(() => kapy.spend(kapyAccount, 1))
  const [kapySql, essential] = ceilings
  const sqlEarn = await kapySql.recordStatements(() => kapySql.earn(ceilingAccounts[0], 1))
  const sqlSpend = await kapySql.recordStatements(() => kapySql.spend(ceilingAccounts[0], 1))
  const essentialEarn = await essential.recordStatements(() => essential.earn(ceilingAccounts[1], 1))
  const essentialSpend = await essential.recordStatements(() => essential.spend(ceilingAccounts[1], 1))

  const differences: string[] = []
  if (KAPY_BY !== "account") {
    differences.push("not compared: Kapy is addressed by customer id, the ceilings by account id")
  }
  for (const [kind, module, replay] of KAPY_BY !== "account" ? [] : [
    ["earn", kapyEarn, sqlEarn],
    ["spend", kapySpend, sqlSpend],
  ] as const) {
    const length = Math.max(module.length, replay.length)
    for (let i = 0; i < length; i++) {
      if (normaliseSql(module[i] ?? "") !== normaliseSql(replay[i] ?? "")) {
        differences.push(`${kind} statement ${i + 1}: the module sent "${normaliseSql(module[i] ?? "(none)").slice(0, 120)}"`)
        break
      }
    }
  }
  const check = {
    earn: { kapy: kapyEarn.length, kapySql: sqlEarn.length, essential: essentialEarn.length },
    spend: { kapy: kapySpend.length, kapySql: sqlSpend.length, essential: essentialSpend.length },
    difference: differences.length ? differences.join("; ") : null,
  }
  progress(
    `statements per earn / spend: Kapy ${check.earn.kapy} / ${check.spend.kapy}, ` +
      `${kapySql.name} ${check.earn.kapySql} / ${check.spend.kapySql} ` +
      `(${check.difference ? `DIFFERENT: ${check.difference}` : "the same statements"}), ` +
      `${essential.name} ${check.earn.essential} / ${check.spend.essential}`
  )
  return check
}

/** Walks an EXPLAIN (FORMAT JSON) plan: its scan nodes, one line. */
function describePlan(plan: any): { summary: string; seqScanOnBigTable: boolean } {
  const scans: string[] = []
  let seqScanOnBigTable = false
  const walk = (node: any) => {
    if (node["Relation Name"]) {
      const index = node["Index Name"] ? ` using ${node["Index Name"]}` : ""
      scans.push(`${node["Node Type"]}${index} on ${node["Relation Name"]}`)
      if (node["Node Type"] === "Seq Scan" && node["Relation Name"] === "kapy_ledger_entry") {
        seqScanOnBigTable = true
      }
    }
    for (const child of node.Plans ?? []) {
      walk(child)
    }
  }
  walk(plan.Plan)
  return { summary: scans.join("; "), seqScanOnBigTable }
}

/**
 * The key-state lookup every write makes (`findKeyState`, and the same
 * query inside `kapy_ledger_write`), with the
 * parameter sent as the module sends it, on the filled ledger: for a new
 * key (every write's case) and for one the big account used.
 */
async function checkPlans(pool: Pool, knex: any, bigAccount: string): Promise<PlanCheck[]> {
  const [{ idempotency_scope: usedScope }] = (
    await knex.raw(
      `SELECT idempotency_scope FROM kapy_ledger_entry WHERE account_id = ? ORDER BY created_at DESC LIMIT 1`,
      [bigAccount]
    )
  ).rows
  const checks: PlanCheck[] = []
  for (const [label, scope] of [
    ["key-state lookup (findKeyState), new key", `bench-plan-${process.pid}-new`],
    ["key-state lookup (findKeyState), a used key", usedScope],
  ]) {
    const { rows } = await pool.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${KEY_STATE}`, [scope])
    const [plan] = rows[0]["QUERY PLAN"]
    checks.push({ label, ...describePlan(plan), milliseconds: plan["Execution Time"] })
  }
  for (const c of checks) {
    progress(`${c.label}: ${c.summary}, ${c.milliseconds.toFixed(2)} ms`)
  }
  return checks
}

async function reconcileKapy(loyalty: LoyaltyModuleService) {
  const report = await loyalty.reconcile()
  if (report.drifts.length) {
    throw new Error(`Kapy reconcile found ${report.drifts.length} drifts: ${JSON.stringify(report.drifts.slice(0, 5))}`)
  }
  progress(`Kapy reconcile: ${report.accounts_checked} accounts, 0 drifts`)
  return report.accounts_checked
}

async function serverVersion(knex: any): Promise<string> {
  const result = await knex.raw("SHOW server_version")
  return result.rows[0].server_version
}

async function run(url: string, databaseName: string): Promise<Report> {
  progress(`loading kapy_loyalty and store_credit on ${databaseName}, running their migrations`)
  const loaded = await loadModules({
    url,
    cwd: ROOT,
    poolMax: POOL,
    modules: { kapy_loyalty: KAPY_MODULE_DIR, store_credit: STORE_CREDIT_MODULE_DIR },
  })
  // the ceiling's own pool, the size of the module's: idle while the others run
  const pool = new Pool({ connectionString: url, max: POOL })
  try {
    const loyalty = loaded.modules.kapy_loyalty as LoyaltyModuleService
    const kapy = kapySubject(loyalty, loaded.knex, KAPY_BY)
    const compared = [kapy, storeCreditSubject(loaded.modules.store_credit, loaded.knex)]
    const ceilings = WITH_CEILING
      ? [ceilingSubject("kapy-sql", pool, loyalty), ceilingSubject("essential", pool, loyalty)]
      : []
    // the order of every figure's columns; report.ts relies on it
    const subjects: LedgerSubject[] = [...compared, ...ceilings]
    const tags = ["kapy", "sc", "pg-kapy-sql", "pg-essential"]
    const accounts = new Map<LedgerSubject, Accounts>()
    for (const [i, subject] of subjects.entries()) {
      accounts.set(subject, await openAccounts(subject, tags[i]))
    }
    const statements = WITH_CEILING
      ? await checkStatements(kapy, accounts.get(kapy)!.warm, ceilings, ceilings.map((c) => accounts.get(c)!.warm), loaded.knex)
      : null
    for (const subject of subjects) {
      await warmUp(subject, accounts.get(subject)!)
    }
    progress(`warmed up; ${OPS} writes per figure and subject, ${ROUNDS} rounds, ${CLIENTS} clients, pools of ${POOL}`)

    const writes = [
      ...(await measureWrites("earn", subjects, accounts)),
      // the spends take back exactly what the earns gave each account
      ...(await measureWrites("spend", subjects, accounts)),
    ]

    const readAccounts = new Map<LedgerSubject, ReadAccounts>()
    for (const subject of compared) {
      readAccounts.set(subject, await prepareReadAccounts(subject, loaded.knex))
    }
    // the ceilings read Kapy's accounts: the same rows, without the framework
    const kapyReads = readAccounts.get(kapy)!
    const accountIdOf = async (handle: string) =>
      KAPY_BY === "account" ? handle : (await loyalty.retrieveMember({ customer_id: handle }))!.id
    const kapyReadIds = { small: await accountIdOf(kapyReads.small), big: await accountIdOf(kapyReads.big) }
    for (const ceiling of ceilings) {
      readAccounts.set(ceiling, kapyReadIds)
    }
    const plans = await checkPlans(pool, loaded.knex, kapyReadIds.big)
    const reads = await measureReads(subjects, readAccounts)
    const afterFill = await measureWritesAfterFill(compared, readAccounts)
    const kapyAccounts = await reconcileKapy(loyalty)

    return {
      subjects: subjects.map((s) => s.name),
      writes,
      afterFill,
      reads,
      statements,
      plans,
      settings: { clients: CLIENTS, rounds: ROUNDS, ops: OPS, big: BIG, small: SMALL, reads: READS, bigOps: BIG_OPS, pool: POOL, kapyBy: KAPY_BY },
      environment: {
        date: new Date().toISOString().slice(0, 10),
        time: new Date().toISOString().slice(11, 16),
        load: LOAD_AT_START,
        cpus: os.cpus().length,
        node: process.version,
        postgres: await serverVersion(loaded.knex),
        server: describeServer(),
      },
      kapyAccountsReconciled: kapyAccounts,
    }
  } finally {
    await pool.end()
    await loaded.shutdown()
  }
}

async function main() {
  const database = await createBenchDatabase("kapy_bench")
  // Ctrl-C must not leave a bench database behind on a shared server
  // (a second Ctrl-C must not kill the process before the drop is done)
  const onSignal = () => {
    if (!interrupted) {
      interrupted = true
      progress("interrupted: dropping the bench database")
      database.drop().finally(() => process.exit(130))
    }
  }
  process.on("SIGINT", onSignal)
  process.on("SIGTERM", onSignal)
  try {
    const report = await run(database.url, database.name)
    printReport(report)
    recordFigures("ledger", headlineFigures(report))
  } finally {
    await database.drop()
    progress(`dropped database ${database.name}`)
  }
}

/** Set on Ctrl-C: the writes then in flight fail as the database goes, which is no error to report. */
let interrupted = false

main().catch((error) => {
  if (interrupted) {
    return
  }
  console.error(error)
  process.exit(1)
})
