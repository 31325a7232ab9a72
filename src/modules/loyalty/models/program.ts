import { model } from "@medusajs/framework/utils"

/**
 * The shop's program. One row per handle ("default" today; a handle leaves
 * room for a program per store or sales channel later). The settings
 * document is validated by `programSettingsSchema` on every write.
 */
const LoyaltyProgram = model
  .define(
    { tableName: "kapy_program", name: "LoyaltyProgram" },
    {
      id: model.id({ prefix: "kprog" }).primaryKey(),
      handle: model.text(),
      settings: model.json(),
      metadata: model.json().nullable(),
    }
  )
  .indexes([{ on: ["handle"], unique: true, where: "deleted_at IS NULL" }])

export default LoyaltyProgram
