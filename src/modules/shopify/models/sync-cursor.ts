import { model } from "@medusajs/framework/utils"

/**
 * Where the reconciliation job stands in a shop's resource (orders): the
 * `updated_at` it pages from and the GraphQL cursor inside that run, so a
 * run that stops (a crash, a deploy) resumes where it was.
 */
const ShopifySyncCursor = model
  .define(
    { tableName: "kapy_shopify_sync_cursor", name: "ShopifySyncCursor" },
    {
      id: model.id({ prefix: "kssc" }).primaryKey(),
      shop_domain: model.text(),
      resource: model.text(),
      /** Orders updated at or after this are (re)read by the next run. */
      updated_since: model.dateTime().nullable(),
      /** The page cursor of the run under way; null between runs. */
      cursor: model.text().nullable(),
      /** The newest `updatedAt` seen in the run under way. */
      run_max_updated_at: model.dateTime().nullable(),
      last_run_at: model.dateTime().nullable(),
    }
  )
  .indexes([{ on: ["shop_domain", "resource"], unique: true }])

export default ShopifySyncCursor
