import { generateEntityId } from "@medusajs/framework/utils"
import type { Transaction } from "../ledger/ledger-store"
import type { DefaultTier, ProgramSettings } from "./program-settings"

const PROGRAM = "kapy_program"
const TIER = "kapy_tier"

/** The program row and the default tiers: settings, never balances. */
export class ProgramStore {
  async findProgram(trx: Transaction, handle: string) {
    return (await trx(PROGRAM)
      .where({ handle, deleted_at: null })
      .first()) as { id: string; settings: ProgramSettings } | undefined
  }

  /** Creates the program row unless another process just did; true if this call created it. */
  async insertProgramIfMissing(trx: Transaction, handle: string, settings: ProgramSettings): Promise<boolean> {
    const inserted = await trx.raw(
      `INSERT INTO ${PROGRAM} (id, handle, settings) VALUES (?, ?, ?::jsonb)
       ON CONFLICT DO NOTHING RETURNING id`,
      [generateEntityId(undefined, "kprog"), handle, JSON.stringify(settings)]
    )
    return inserted.rows.length > 0
  }

  async updateProgram(trx: Transaction, handle: string, settings: ProgramSettings) {
    await trx(PROGRAM)
      .where({ handle, deleted_at: null })
      .update({ settings: JSON.stringify(settings), updated_at: trx.fn.now() })
  }

  async insertTiers(trx: Transaction, tiers: DefaultTier[]) {
    await trx(TIER).insert(
      tiers.map((tier) => ({
        id: generateEntityId(undefined, "ktier"),
        name: tier.name,
        rank: tier.rank,
        threshold: tier.threshold,
        raw_threshold: JSON.stringify({ value: tier.threshold, precision: 20 }),
        multiplier: tier.multiplier,
        raw_multiplier: JSON.stringify({ value: tier.multiplier, precision: 20 }),
        translations: JSON.stringify(tier.translations),
      }))
    )
  }
}
