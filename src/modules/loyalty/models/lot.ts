import { model } from "@medusajs/framework/utils"
import LoyaltyAccount from "./account"

/**
 * What is left of the points one entry credited. Spending and reversals
 * consume lots, soonest-expiring first, so expiry can take exactly what is
 * left of old points without reinterpreting entries. A lot is the ledger's
 * working state, not its history: entries stay untouched.
 *
 * Invariants (checked by reconcile): the remaining points of an account's
 * pending lots sum to `points_pending`; those of its available lots to
 * `max(points_balance, 0)`.
 */
const LoyaltyLot = model
  .define(
    { tableName: "kapy_points_lot", name: "LoyaltyLot" },
    {
      id: model.id({ prefix: "klot" }).primaryKey(),
      account: model.belongsTo(() => LoyaltyAccount, { mappedBy: "lots" }),
      entry_id: model.text(),
      status: model.enum(["pending", "available"]),
      points: model.number(),
      remaining: model.number(),
      /** When pending points become spendable. */
      available_at: model.dateTime().nullable(),
      expires_at: model.dateTime().nullable(),
    }
  )
  .indexes([
    { on: ["entry_id"], unique: true },
    // the spending order (soonest expiry, then oldest): a spend reads only the lots it takes
    {
      on: ["account_id", "expires_at", "created_at", "id"],
      where: "status = 'available' AND remaining > 0",
    },
    { on: ["available_at"], where: "status = 'pending'" },
  ])
  .checks([
    {
      name: "kapy_points_lot_remaining_in_range",
      expression: (c) => `${c.remaining} >= 0 AND ${c.remaining} <= ${c.points}`,
    },
  ])

export default LoyaltyLot
