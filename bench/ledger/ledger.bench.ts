import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { KAPY_LOYALTY_MODULE } from "../../src/modules/loyalty"
import type LoyaltyModuleService from "../../src/modules/loyalty/service"

/**
 * bench/ledger: Kapy's points ledger beside the store-credit module of
 * Medusa's own @medusajs/loyalty-plugin, both loaded in the same app on the
 * same database, at module level (service calls, no HTTP):
 *
 * - earn (credit) and spend (debit) throughput, entries per second, with 1
 *   client, 16 clients on 16 accounts, and 16 clients on one hot account;
 * - balance read time for an account with 10 entries and one with 100 000.
 *
 * Store credit computes a balance as a SUM over all its transactions; Kapy
 * stores it on the account row, written with each entry under a row lock.
 *
 *   npm run bench -- ledger        (KAPY_BENCH_OPS=400 KAPY_BENCH_BIG=100000 KAPY_BENCH_READS=200)
 */
const OPS = Number(process.env.KAPY_BENCH_OPS ?? 400)
const BIG = Number(process.env.KAPY_BENCH_BIG ?? 100_000)
const READS = Number(process.env.KAPY_BENCH_READS ?? 200)
const CLIENTS = 16

jest.setTimeout(60 * 60_000)

type Ledger = {
  name: string
  /** makes an account for `owner` holding `balance`, returns its id */
  account(owner: string, balance: number): Promise<string>
  earn(account: string, n: number): Promise<unknown>
  spend(account: string, n: number): Promise<unknown>
  balance(account: string): Promise<number>
  /** fills an account with `count` entries of 1 straight in SQL */
  bulkFill(account: string, count: number): Promise<void>
}

let seq = 0
const key = () => `bench-${++seq}`

function kapyLedger(container: MedusaContainer): Ledger {
  const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const system = { actor_type: "system" as const }
  return {
    name: "Kapy",
    async account(owner, balance) {
      const account = await loyalty.retrieveOrCreateAccount(owner)
      if (balance > 0) {
        await loyalty.earnPoints({ customer_id: owner, points: balance, reason: "import", idempotency_key: key(), ...system })
      }
      return account.customer_id
    },
    earn: (customer, n) =>
      loyalty.earnPoints({ customer_id: customer, points: n, reason: "custom", idempotency_key: key(), ...system }),
    spend: (customer, n) => loyalty.spendPoints({ customer_id: customer, points: n, idempotency_key: key(), ...system }),
    async balance(customer) {
      return (await loyalty.retrieveAccountByCustomer(customer))!.points_balance
    },
    async bulkFill(customer, count) {
      const account = await loyalty.retrieveOrCreateAccount(customer)
      // entries and lots as the ledger writes them, then the matching totals
      await knex.raw(
        `INSERT INTO kapy_ledger_entry (id, account_id, customer_id, reason, points, available_delta, pending_delta,
           lifetime_delta, redeemed_delta, balance_after, pending_after, idempotency_key, actor_type)
         SELECT 'kent_bulk_' || n, ?, ?, 'import', 1, 1, 0, 1, 0, n, 0, 'bulk-' || ? || '-' || n, 'system'
           FROM generate_series(1, ?) AS n`,
        [account.id, customer, customer, count]
      )
      await knex.raw(
        `INSERT INTO kapy_points_lot (id, account_id, entry_id, status, points, remaining)
         SELECT 'klot_bulk_' || n, ?, 'kent_bulk_' || n, 'available', 1, 1 FROM generate_series(1, ?) AS n`,
        [account.id, count]
      )
      await knex("kapy_account")
        .where({ id: account.id })
        .update({ points_balance: count, lifetime_points: count })
    },
  }
}

function storeCreditLedger(container: MedusaContainer): Ledger {
  const storeCredit = container.resolve("store_credit") as any
  const knex = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const move = (account: string, amount: number) => [
    { account_id: account, amount, reference: "bench", reference_id: key() },
  ]
  return {
    name: "store credit",
    async account(owner, balance) {
      const [account] = await storeCredit.createStoreCreditAccounts([{ customer_id: owner, currency_code: "eur" }])
      if (balance > 0) {
        await storeCredit.creditAccounts(move(account.id, balance))
      }
      return account.id
    },
    earn: (account, n) => storeCredit.creditAccounts(move(account, n)),
    spend: (account, n) => storeCredit.debitAccounts(move(account, n)),
    async balance(account) {
      return (await storeCredit.retrieveAccountStats({ account_id: account })).balance
    },
    async bulkFill(account, count) {
      await knex.raw(
        `INSERT INTO store_credit_account_transaction (id, account_id, amount, raw_amount, type, reference, reference_id)
         SELECT 'sc_trx_bulk_' || n, ?, 1, '{"value":"1","precision":20}'::jsonb, 'credit', 'bench', 'bulk-' || n
           FROM generate_series(1, ?) AS n`,
        [account, count]
      )
    },
  }
}

/** Entries per second for `ops` operations spread over `clients` sequential loops. */
async function throughput(clients: number, ops: number, op: (client: number, i: number) => Promise<unknown>) {
  const perClient = Math.ceil(ops / clients)
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient; i++) {
        await op(c, i)
      }
    })
  )
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return (perClient * clients) / seconds
}

/** Median and 95th percentile of `reads` balance reads, in microseconds. */
async function readTimes(read: () => Promise<unknown>, reads: number) {
  const times: number[] = []
  for (let i = 0; i < reads; i++) {
    const started = process.hrtime.bigint()
    await read()
    times.push(Number(process.hrtime.bigint() - started) / 1e3)
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)] }
}

async function measure(ledger: Ledger, run: string) {
  const log = (m: string) => process.stdout.write(`  ${ledger.name}: ${m}\n`)
  const single = await ledger.account(`${run}-single`, 0)
  const many = await Promise.all(Array.from({ length: CLIENTS }, (_, c) => ledger.account(`${run}-many-${c}`, 0)))
  const hot = await ledger.account(`${run}-hot`, 0)

  const figures: Record<string, number> = {}
  figures["earn, 1 client"] = await throughput(1, OPS, () => ledger.earn(single, 1))
  figures["earn, 16 clients, 16 accounts"] = await throughput(CLIENTS, OPS, (c) => ledger.earn(many[c], 1))
  figures["earn, 16 clients, 1 account"] = await throughput(CLIENTS, OPS, () => ledger.earn(hot, 1))
  log("earn measured")
  figures["spend, 1 client"] = await throughput(1, OPS, () => ledger.spend(single, 1))
  figures["spend, 16 clients, 16 accounts"] = await throughput(CLIENTS, OPS, (c) => ledger.spend(many[c], 1))
  figures["spend, 16 clients, 1 account"] = await throughput(CLIENTS, OPS, () => ledger.spend(hot, 1))
  log("spend measured")

  const small = await ledger.account(`${run}-small`, 0)
  for (let i = 0; i < 10; i++) {
    await ledger.earn(small, 1)
  }
  const big = await ledger.account(`${run}-big`, 0)
  await ledger.bulkFill(big, BIG)
  log(`filled an account with ${BIG} entries`)
  if ((await ledger.balance(big)) !== BIG || (await ledger.balance(small)) !== 10) {
    throw new Error(`${ledger.name}: the bench accounts do not hold what was written`)
  }
  const readSmall = await readTimes(() => ledger.balance(small), READS)
  const readBig = await readTimes(() => ledger.balance(big), READS)
  return { figures, readSmall, readBig }
}

medusaIntegrationTestRunner({
  testSuite: ({ getContainer }) => {
    it("measures Kapy's ledger beside Medusa's store credit", async () => {
      const container = getContainer()
      process.stdout.write(`\nbench/ledger: ${OPS} operations per figure, ${BIG} entries, ${READS} reads\n`)
      const kapy = await measure(kapyLedger(container), "kapy")
      const credit = await measure(storeCreditLedger(container), "sc")
      const loyalty = container.resolve<LoyaltyModuleService>(KAPY_LOYALTY_MODULE)
      const report = await loyalty.reconcile()
      expect(report.drifts).toEqual([])

      const rows = Object.keys(kapy.figures).map(
        (name) =>
          `| ${name} | ${kapy.figures[name].toFixed(0)} | ${credit.figures[name].toFixed(0)} | ${(kapy.figures[name] / credit.figures[name]).toFixed(2)} |`
      )
      const read = (r: { median: number; p95: number }) => `${r.median.toFixed(0)} µs (p95 ${r.p95.toFixed(0)})`
      const lines = [
        "",
        "| throughput, entries/s | Kapy | store credit | Kapy / store credit |",
        "| --- | ---: | ---: | ---: |",
        ...rows,
        "",
        "| balance read | Kapy | store credit |",
        "| --- | ---: | ---: |",
        `| 10 entries | ${read(kapy.readSmall)} | ${read(credit.readSmall)} |`,
        `| ${BIG} entries | ${read(kapy.readBig)} | ${read(credit.readBig)} |`,
        `| ratio ${BIG} / 10 (median) | ${(kapy.readBig.median / kapy.readSmall.median).toFixed(2)} | ${(credit.readBig.median / credit.readSmall.median).toFixed(2)} |`,
        "",
        `reconcile after the run: ${report.accounts_checked} Kapy accounts, ${report.drifts.length} drifts`,
        "",
      ]
      process.stdout.write(lines.join("\n"))
    })
  },
})
