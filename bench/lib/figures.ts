import fs from "fs"

/**
 * One headline figure of a bench, as the summary table of `BENCHMARKS.md`
 * shows it: what is measured, the goal it is held against, and what this
 * run measured. `met` is whether the goal holds (undefined: a figure with no
 * goal, shown for context).
 */
export type Figure = {
  figure: string
  goal: string
  measured: string
  met?: boolean
}

/**
 * Hands a bench's headline figures to `npm run bench` (scripts/bench.js),
 * which runs every bench and writes one table: a JSON line per figure into
 * the file named by `KAPY_BENCH_FIGURES`. A bench run on its own (no such
 * variable) only prints them. Call it after the bench's correctness checks,
 * so that a figure is never recorded for a run that counted wrong.
 */
export function recordFigures(bench: string, figures: Figure[]): void {
  console.log(`\n  headline figures (bench/${bench}):`)
  for (const f of figures) {
    const mark = f.met === undefined ? " " : f.met ? "✓" : "✗"
    console.log(`  ${mark} ${f.figure}: ${f.measured} (goal ${f.goal})`)
  }
  const file = process.env.KAPY_BENCH_FIGURES
  if (file) {
    fs.appendFileSync(file, figures.map((f) => JSON.stringify({ bench, ...f }) + "\n").join(""))
  }
}

/** `a / b` to two decimals, for a ratio measured in one run. */
export function ratioText(a: number, b: number): string {
  return (a / b).toFixed(2)
}
