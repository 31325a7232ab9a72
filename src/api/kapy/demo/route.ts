import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { demoPageEnabled } from "../options"
import { demoPage } from "./page"

/**
 * The widgets' demo page: a small shop where a demo shopper logs in (or
 * registers), sees every widget, adds products to a cart and pays part of
 * it with cones, against this app's own store API. Served only when Kapy's
 * options say `demo_page: true` (this repository's dev app); elsewhere a
 * 404. Reads only: the store's default publishable key and the region to
 * shop in.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  if (!demoPageEnabled(req.scope.resolve(ContainerRegistrationKeys.CONFIG_MODULE))) {
    return res.status(404).json({ type: "not_found", message: "The demo page is off (Kapy option demo_page)" })
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const {
    data: [store],
  } = await query.graph({ entity: "store", fields: ["default_sales_channel_id"] })
  const { data: channels } = store?.default_sales_channel_id
    ? await query.graph({
        entity: "sales_channel",
        fields: ["publishable_api_keys.token", "publishable_api_keys.revoked_at"],
        filters: { id: store.default_sales_channel_id },
      })
    : { data: [] as any[] }
  const key = (channels[0]?.publishable_api_keys ?? []).find((k: any) => k && !k.revoked_at)?.token ?? null
  const { data: regions } = await query.graph({ entity: "region", fields: ["id", "name", "currency_code"] })
  const region = regions.find((r) => r.currency_code === "eur") ?? regions[0] ?? null
  res.setHeader("content-type", "text/html; charset=utf-8")
  res.setHeader("cache-control", "no-store")
  const lang = req.query.lang === "fi" ? "fi" : "en"
  res.send(demoPage({ publishableKey: key, regionId: region?.id ?? null, regionName: region?.name ?? null, lang }))
}
