import { configManager } from "@medusajs/framework/config"
import type { ConfigModule } from "@medusajs/framework/types"
import { KAPY_LOYALTY_MODULE } from "../../../modules/loyalty"
import { KAPY_HOOKS, type KapyHookName, type KapyPluginOptions } from "../../../types/plugin"

export const KAPY_PLUGIN_NAME = "medusa-plugin-kapy"

type PluginsAndModules = Pick<ConfigModule, "plugins" | "modules">

/**
 * Whether Kapy registers its handler of a core-flow hook: yes, unless the
 * plugin's options say `hooks: { <name>: false }`.
 *
 * Read when the hook's file is imported. Medusa imports a plugin's
 * workflows (and so its hooks) at startup after it has loaded
 * medusa-config and merged the plugins' modules into `modules`, so the
 * options are there: on Kapy's entry in `plugins`, or, in an app that lists
 * Kapy's module itself (this repository's dev app), on the `kapy_loyalty`
 * module.
 */
export function kapyHookEnabled(name: KapyHookName): boolean {
  let config: PluginsAndModules | undefined
  try {
    config = configManager.config
  } catch {
    config = undefined
  }
  return hookEnabledIn(config, name)
}

/**
 * `kapyHookEnabled` for a given config. A wrong value throws, naming the
 * field, and so stops the server: a misspelt name would otherwise leave
 * Kapy's handler registered beside the shop's, which Medusa refuses with a
 * message that does not say why.
 */
export function hookEnabledIn(config: PluginsAndModules | undefined, name: KapyHookName): boolean {
  const hooks = kapyOptionsIn(config)?.hooks
  if (hooks === undefined || hooks === null) {
    return true
  }
  if (typeof hooks !== "object" || Array.isArray(hooks)) {
    throw new Error(`Invalid Kapy plugin option "hooks": expected an object such as { completeCartValidate: false }`)
  }
  for (const [key, value] of Object.entries(hooks)) {
    if (!Object.prototype.hasOwnProperty.call(KAPY_HOOKS, key)) {
      throw new Error(
        `Invalid Kapy plugin option "hooks.${key}": Kapy's hooks are ${Object.keys(KAPY_HOOKS).join(", ")}`
      )
    }
    if (typeof value !== "boolean") {
      throw new Error(`Invalid Kapy plugin option "hooks.${key}": expected true or false`)
    }
  }
  return hooks[name] !== false
}

function kapyOptionsIn(config: PluginsAndModules | undefined): KapyPluginOptions | undefined {
  const plugin = config?.plugins?.find(
    (p): p is { resolve: string; options: Record<string, unknown> } =>
      typeof p === "object" && p !== null && p.resolve === KAPY_PLUGIN_NAME
  )
  if (plugin) {
    return plugin.options as KapyPluginOptions | undefined
  }
  const module = config?.modules?.[KAPY_LOYALTY_MODULE]
  return typeof module === "object" && module !== null && "options" in module
    ? (module.options as KapyPluginOptions | undefined)
    : undefined
}
