import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import fs from "fs"
import path from "path"
import { WIDGET_FILES, widgetsDist } from "../../widgets-bundle"

/**
 * The storefront widgets' bundles from the installed package, so a shop can
 * load them from its own Medusa backend:
 * `<script src="https://api.shop.example/kapy/widgets/kapy-widgets.iife.js">`.
 * Public, static and read-only; 404 for any other name, or before the
 * widgets are built.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const name = req.params.file
  const dist = widgetsDist()
  const type = Object.prototype.hasOwnProperty.call(WIDGET_FILES, name) ? WIDGET_FILES[name] : undefined
  if (!type || !dist || !fs.existsSync(path.join(dist, name))) {
    return res.status(404).json({ type: "not_found", message: `No widget bundle ${name}: build it with npm run build` })
  }
  res.setHeader("content-type", type)
  res.setHeader("cache-control", "public, max-age=300")
  res.setHeader("access-control-allow-origin", "*")
  res.send(fs.readFileSync(path.join(dist, name)))
}
