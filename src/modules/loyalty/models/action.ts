import { model } from "@medusajs/framework/utils"
import { ACTION_FREQUENCIES, ACTION_PERIODS } from "../../../rules/awards"

/**
 * A custom way to earn the shop defines ("attended a store event"): its
 * names per language (`{ en, fi }`), cones, whether it is claimed `once`
 * or `repeatable` (at most `limit_count` per `limit_period`), whether its
 * claims are approved automatically, and when it is active.
 */
const LoyaltyAction = model
  .define(
    { tableName: "kapy_action", name: "LoyaltyAction" },
    {
      id: model.id({ prefix: "kact" }).primaryKey(),
      name: model.json(),
      points: model.number(),
      frequency: model.enum([...ACTION_FREQUENCIES]).default("once"),
      limit_count: model.number().nullable(),
      limit_period: model.enum([...ACTION_PERIODS]).nullable(),
      auto_approve: model.boolean().default(false),
      active: model.boolean().default(true),
      starts_at: model.dateTime().nullable(),
      ends_at: model.dateTime().nullable(),
      metadata: model.json().nullable(),
    }
  )
  .indexes([{ on: ["active", "starts_at", "ends_at"] }])
  .checks([
    { name: "kapy_action_points_not_negative", expression: (c) => `${c.points} >= 0` },
    {
      name: "kapy_action_limit_whole",
      expression: (c) => `(${c.limit_count} IS NULL) = (${c.limit_period} IS NULL) AND (${c.limit_count} IS NULL OR ${c.limit_count} >= 1)`,
    },
  ])

export default LoyaltyAction
