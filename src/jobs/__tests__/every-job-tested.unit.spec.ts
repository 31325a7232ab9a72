import fs from "fs"
import path from "path"

const JOBS = path.resolve(__dirname, "..")
const TESTS = path.resolve(__dirname, "..", "..", "..", "integration-tests")

function jobNames(): string[] {
  return fs
    .readdirSync(JOBS)
    .filter((file) => /\.[jt]s$/.test(file) && !file.endsWith(".d.ts"))
    .map((file) => {
      const job = require(path.join(JOBS, file))
      expect(typeof job.default).toBe("function")
      return job.config.name as string
    })
}

function specSources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return specSources(full)
    return entry.name.endsWith(".spec.ts") ? [fs.readFileSync(full, "utf8")] : []
  })
}

describe("scheduled jobs", () => {
  it("each job in src/jobs is run somewhere in the integration tests the way Medusa runs it (runScheduledJob)", () => {
    const sources = specSources(TESTS).join("\n")
    const names = jobNames()
    expect(names.length).toBeGreaterThanOrEqual(10)
    const untested = names.filter((name) => !new RegExp(`runScheduledJob(?:<[^>]*>)?\\([^;]{0,160}?"${name}"`).test(sources))
    expect(untested).toEqual([])
  })

  it("no job declares a second parameter other than Medusa's context (handler(container, { scheduledFor }))", () => {
    for (const file of fs.readdirSync(JOBS).filter((f) => f.endsWith(".ts"))) {
      const source = fs.readFileSync(path.join(JOBS, file), "utf8")
      const signature = source.match(/export default async function \w+\(([^)]*)\)/)
      expect(signature).not.toBeNull()
      const params = signature![1].split(",").map((p) => p.trim()).filter(Boolean)
      expect(params.length).toBeLessThanOrEqual(2)
      if (params[1]) {
        expect(params[1]).toMatch(/^context\?: ScheduledJobContext$/)
      }
    }
  })
})
