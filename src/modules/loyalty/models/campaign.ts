import { model } from "@medusajs/framework/utils"

/**
 * A points multiplier for a period: "double cones on drinks in December".
 * `target_ids` are the collections, categories or products it covers
 * (ignored for the whole catalog). The rule itself is in src/rules/earning.ts.
 */
const LoyaltyCampaign = model
  .define(
    { tableName: "kapy_campaign", name: "LoyaltyCampaign" },
    {
      id: model.id({ prefix: "kcamp" }).primaryKey(),
      name: model.text().searchable(),
      multiplier: model.bigNumber(),
      scope: model.enum(["catalog", "collection", "category", "product"]),
      target_ids: model.json(),
      starts_at: model.dateTime(),
      ends_at: model.dateTime().nullable(),
      metadata: model.json().nullable(),
    }
  )
  .indexes([{ on: ["starts_at", "ends_at"] }])
  .checks([
    {
      name: "kapy_campaign_multiplier_positive",
      expression: (c) => `${c.multiplier} > 0`,
    },
  ])

export default LoyaltyCampaign
