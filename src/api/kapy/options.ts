import type { ConfigModule } from "@medusajs/framework/types"

const KAPY_PLUGIN_NAME = "medusa-plugin-kapy"
const KAPY_LOYALTY_MODULE = "kapy_loyalty"

/**
 * Whether this app serves the widgets' demo page (`/kapy/demo`): only when
 * Kapy's options say `demo_page: true` — this repository's dev app does, a
 * shop that installs the plugin does not unless it opts in. Read from the
 * options on Kapy's entry in `plugins`, or on the `kapy_loyalty` module in
 * an app that lists Kapy's modules itself (the dev app).
 */
export function demoPageEnabled(config: Pick<ConfigModule, "plugins" | "modules"> | undefined): boolean {
  const plugin = config?.plugins?.find(
    (p): p is { resolve: string; options: Record<string, unknown> } =>
      typeof p === "object" && p !== null && p.resolve === KAPY_PLUGIN_NAME
  )
  const module = config?.modules?.[KAPY_LOYALTY_MODULE]
  const options = (plugin?.options ??
    (typeof module === "object" && module !== null && "options" in module ? module.options : undefined)) as
    | { demo_page?: unknown }
    | undefined
  return options?.demo_page === true
}
