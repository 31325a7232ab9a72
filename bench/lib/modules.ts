import { MedusaApp, MedusaModule } from "@medusajs/framework/modules-sdk"
import { ContainerRegistrationKeys, createPgConnection, Modules } from "@medusajs/framework/utils"
import { createBenchDatabase, describeServer } from "./database"

/**
 * Loads Medusa modules the way an app does (MedusaApp with one shared knex
 * pool), without the HTTP server, workflows or links: what a module-level
 * bench needs, and nothing that would run beside the measurements.
 */
export type LoadedModules = {
  modules: Record<string, any>
  knex: ReturnType<typeof createPgConnection>
  shutdown(): Promise<void>
}

/** Events go nowhere: neither bench subject needs a subscriber, and a real bus would add its own work. */
const silentEventBus = {
  async emit() {},
  subscribe() {
    return this
  },
  unsubscribe() {
    return this
  },
  async releaseGroupedEvents() {},
  async clearGroupedEvents() {},
}

export async function loadModules({
  url,
  modules,
  poolMax,
  cwd,
}: {
  url: string
  /** container name → the module's directory */
  modules: Record<string, string>
  poolMax: number
  cwd: string
}): Promise<LoadedModules> {
  const knex = createPgConnection({ clientUrl: url, pool: { min: 1, max: poolMax } })
  const modulesConfig = Object.fromEntries(Object.entries(modules).map(([key, resolve]) => [key, { resolve }]))
  const app = await MedusaApp({
    modulesConfig,
    sharedResourcesConfig: { database: { clientUrl: url } },
    injectedDependencies: {
      [ContainerRegistrationKeys.PG_CONNECTION]: knex,
      [Modules.EVENT_BUS]: silentEventBus,
    },
    cwd,
  })
  // each module's own migrations, as `medusa db:migrate` runs them
  await app.runMigrations()
  await app.onApplicationStart()
  return {
    modules: app.modules,
    knex,
    async shutdown() {
      await app.onApplicationPrepareShutdown()
      await app.onApplicationShutdown()
      MedusaModule.clearInstances()
      await knex.destroy()
    },
  }
}

/**
 * A module-level bench's frame: a fresh database (dropped at the end, and on
 * Ctrl-C), the modules loaded on it, `run`, then shutdown. `say` gets the
 * opening line (database, server, load).
 */
export async function withBenchModules(
  options: {
    database: string
    modules: Record<string, string>
    poolMax: number
    cwd: string
    loadAtStart: string
    say: (message: string) => void
  },
  run: (app: LoadedModules) => Promise<void>
): Promise<void> {
  const db = await createBenchDatabase(options.database)
  const stop = async () => {
    await db.drop().catch(() => {})
    process.exit(130)
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
  try {
    options.say(`database ${db.name} on ${describeServer()}; load at start ${options.loadAtStart}`)
    const app = await loadModules({ url: db.url, modules: options.modules, poolMax: options.poolMax, cwd: options.cwd })
    try {
      await run(app)
    } finally {
      await app.shutdown()
    }
  } finally {
    await db.drop()
  }
}
