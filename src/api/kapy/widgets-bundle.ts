import fs from "fs"
import path from "path"

/** The files of the widgets' build a storefront may load. */
export const WIDGET_FILES: Record<string, string> = {
  "kapy-widgets.js": "text/javascript; charset=utf-8",
  "kapy-widgets.iife.js": "text/javascript; charset=utf-8",
}

/**
 * Where the built widgets are: `storefront-widgets/dist` of this package,
 * found upwards from this file (src/api/kapy in the repository,
 * .medusa/server/src/api/kapy in an installed plugin).
 */
export function widgetsDist(from = __dirname): string | null {
  let dir = from
  for (;;) {
    const candidate = path.join(dir, "storefront-widgets", "dist")
    if (fs.existsSync(candidate)) return candidate
    const parent = path.dirname(dir)
    if (parent === dir) return null
    dir = parent
  }
}
