/**
 * Timing helpers shared by the benches. Every figure is measured with the
 * monotonic clock; nothing here compares a timing with a limit.
 */

export function now(): bigint {
  return process.hrtime.bigint()
}

export function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9
}

/**
 * Runs `perClient` operations in each of `clients` concurrent sequential
 * loops and returns the seconds it took. An operation that fails stops the
 * bench: a figure that silently counted failures would flatter the subject.
 */
export async function timeClients(
  clients: number,
  perClient: number,
  operation: (client: number, i: number) => Promise<unknown>
): Promise<number> {
  const started = now()
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; i < perClient; i++) {
        await operation(client, i)
      }
    })
  )
  return secondsSince(started)
}

/** Microseconds each of `count` sequential calls took. */
export async function sampleMicros(count: number, call: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < count; i++) {
    const started = now()
    await call()
    samples.push(Number(process.hrtime.bigint() - started) / 1e3)
  }
  return samples
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]
}

export function envInt(name: string, fallback: number, { min = 1 }: { min?: number } = {}): number {
  const raw = process.env[name]
  if (raw === undefined || raw === "") {
    return fallback
  }
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be a whole number of at least ${min}, got "${raw}"`)
  }
  return value
}

/**
 * Runs the baseline and the subject `rounds` times, alternating which goes
 * first (ABBA), so that a machine warming up or slowing down weighs on
 * both alike.
 */
export async function alternateRounds(rounds: number, baseline: () => Promise<void>, subject: (round: number) => Promise<void>) {
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      await baseline()
      await subject(round)
    } else {
      await subject(round)
      await baseline()
    }
  }
}

export function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length
}

/** Rates per second of each round, with their mean: "182/s (rounds: 170, 194)". */
export function formatRates(rates: number[]): string {
  return `${mean(rates).toFixed(0)}/s (rounds: ${rates.map((x) => x.toFixed(0)).join(", ")})`
}

/** Fails the bench when the ledger's stored balances drifted from its entries; else its report. */
export async function assertReconciled<R extends { drifts: unknown[] }>(loyalty: { reconcile(): Promise<R> }): Promise<R> {
  const report = await loyalty.reconcile()
  if (report.drifts.length) {
    throw new Error(`reconcile found ${report.drifts.length} drift(s) after the bench`)
  }
  return report
}

/** A bench's progress lines on stdout, each with the seconds since it started: "[bench tiers   12.3s] …". */
export function benchProgress(name: string): (message: string) => void {
  const started = Date.now()
  return (message) => {
    process.stdout.write(`[bench ${name} ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${message}\n`)
  }
}
