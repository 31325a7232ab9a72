import { MedusaApp, MedusaModule } from "@medusajs/framework/modules-sdk"
import { ContainerRegistrationKeys, createPgConnection, Modules } from "@medusajs/framework/utils"

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
