import { Client } from "pg"

/**
 * A throwaway PostgreSQL database for one bench run, on the server given by
 * DB_HOST / DB_PORT / DB_USERNAME / DB_PASSWORD (default localhost:5432,
 * postgres). A fresh database per run keeps earlier runs' rows, bloat and
 * statistics out of the measurements.
 */
export type BenchDatabase = {
  name: string
  url: string
  drop(): Promise<void>
}

function serverSettings() {
  return {
    // "localhost", not 127.0.0.1: Medusa turns SSL on for any other host
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || "",
  }
}

function urlFor(database: string) {
  const { host, port, user, password } = serverSettings()
  const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user)
  return `postgres://${auth}@${host}:${port}/${database}`
}

async function onMaintenanceDatabase<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...serverSettings(), database: "postgres" })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

export async function createBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const name = `${prefix}_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${process.pid}`
  await onMaintenanceDatabase((client) => client.query(`CREATE DATABASE "${name}"`))
  // one drop, however many callers (the run's end and a signal can race)
  let dropping: Promise<void> | null = null
  return {
    name,
    url: urlFor(name),
    drop() {
      dropping ??= onMaintenanceDatabase(async (client) => {
        // FORCE: a pool connection left behind by a failed or interrupted run must not keep it alive
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      })
      return dropping
    },
  }
}

export function describeServer() {
  const { host, port } = serverSettings()
  return `${host}:${port}`
}
