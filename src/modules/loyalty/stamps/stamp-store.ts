import { generateEntityId } from "@medusajs/framework/utils"
import type { StampCardReward, StampCardTrigger } from "../../../rules/stamps"
import type { Transaction } from "../ledger/ledger-store"

export const STAMP_CARD = "kapy_stamp_card"
export const STAMP = "kapy_stamp"
export const STAMP_COMPLETION = "kapy_stamp_completion"

export type StampCardRow = {
  id: string
  name: string
  stamps_needed: number
  trigger: StampCardTrigger
  min_amount: Record<string, string> | null
  reward: StampCardReward
  active: boolean
  created_at: Date
  updated_at: Date
}

export type StampCompletionRow = {
  id: string
  card_id: string
  account_id: string
  seq: number
  order_id: string | null
  promotion_id: string | null
  code: string | null
  created_at: Date
}

/** Stamp cards' SQL. Every method takes the caller's transaction; none opens one. */
export class StampStore {
  async findCard(knex: Transaction, id: string): Promise<StampCardRow | undefined> {
    return await knex(STAMP_CARD).whereNull("deleted_at").where({ id }).first()
  }

  async insertCard(trx: Transaction, card: Omit<StampCardRow, "id" | "created_at" | "updated_at">): Promise<StampCardRow> {
    const [row] = await trx(STAMP_CARD)
      .insert({
        id: generateEntityId(undefined, "kstc"),
        ...card,
        trigger: JSON.stringify(card.trigger),
        min_amount: card.min_amount ? JSON.stringify(card.min_amount) : null,
        reward: JSON.stringify(card.reward),
      })
      .returning("*")
    return row
  }

  async updateCard(trx: Transaction, id: string, card: Partial<Omit<StampCardRow, "id" | "created_at" | "updated_at">>): Promise<StampCardRow> {
    const changes: Record<string, unknown> = { ...card, updated_at: trx.fn.now() }
    for (const key of ["trigger", "min_amount", "reward"] as const) {
      if (key in card) {
        changes[key] = card[key] ? JSON.stringify(card[key]) : null
      }
    }
    const [row] = await trx(STAMP_CARD).where({ id }).whereNull("deleted_at").update(changes).returning("*")
    return row
  }

  /** Records a stamp (or its reversal) once per card, order and kind; true when recorded now. */
  async insertStamp(trx: Transaction, stamp: { card_id: string; account_id: string; order_id: string; kind: "stamp" | "reversal" }) {
    const result = await trx.raw(
      `INSERT INTO ${STAMP} (id, card_id, account_id, order_id, kind, delta) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (card_id, order_id, kind) DO NOTHING RETURNING id`,
      [generateEntityId(undefined, "kstp"), stamp.card_id, stamp.account_id, stamp.order_id, stamp.kind, stamp.kind === "stamp" ? 1 : -1]
    )
    return result.rows.length > 0
  }

  /** The stamps of an order not taken back yet. */
  async standingStampsOfOrder(trx: Transaction, orderId: string) {
    return (await trx(`${STAMP} as s`)
      .where({ "s.order_id": orderId, "s.kind": "stamp" })
      .whereNotExists(trx(`${STAMP} as r`).whereRaw("r.card_id = s.card_id AND r.order_id = s.order_id AND r.kind = 'reversal'").select(trx.raw("1")))
      .select("s.card_id", "s.account_id")) as { card_id: string; account_id: string }[]
  }

  /** A member's stamps on a card (stamps minus reversals) and how many times it was filled. */
  async standing(trx: Transaction, accountIds: string[], cardId: string): Promise<{ stamps: number; completions: number }> {
    const [stamps] = await trx(STAMP).whereIn("account_id", accountIds).where({ card_id: cardId }).select(trx.raw("coalesce(sum(delta), 0)::int AS n"))
    const [completions] = await trx(STAMP_COMPLETION).whereIn("account_id", accountIds).where({ card_id: cardId }).select(trx.raw("count(*)::int AS n"))
    return { stamps: Number(stamps.n), completions: Number(completions.n) }
  }

  /**
   * A member's stamps on every card (stamps minus reversals, by card) and
   * their filled cards (oldest first), in one statement.
   */
  async memberStanding(trx: Transaction, accountIds: string[]): Promise<{ stamps: Map<string, number>; completions: StampCompletionRow[] }> {
    const { rows } = await trx.raw(
      `SELECT 'stamps' AS kind, s.card_id, sum(s.delta)::int AS n, NULL::text AS id, NULL::text AS code, NULL::timestamptz AS created_at
         FROM ${STAMP} s WHERE s.account_id = ANY(?) GROUP BY s.card_id
       UNION ALL
       SELECT 'completion', c.card_id, c.seq, c.id, c.code, c.created_at
         FROM ${STAMP_COMPLETION} c WHERE c.account_id = ANY(?)
       ORDER BY created_at NULLS FIRST, id`,
      [accountIds, accountIds]
    )
    const stamps = new Map<string, number>()
    const completions: StampCompletionRow[] = []
    for (const row of rows) {
      if (row.kind === "stamps") {
        stamps.set(row.card_id, Number(row.n))
      } else {
        completions.push({ id: row.id, card_id: row.card_id, seq: row.n, code: row.code, created_at: row.created_at } as StampCompletionRow)
      }
    }
    return { stamps, completions }
  }

  async insertCompletion(trx: Transaction, c: { card_id: string; account_id: string; seq: number; order_id: string | null }): Promise<StampCompletionRow> {
    const [row] = await trx(STAMP_COMPLETION).insert({ id: generateEntityId(undefined, "kstf"), ...c }).returning("*")
    return row
  }

  /** A member's filled cards whose reward is not noted yet, oldest first. */
  async unrewardedCompletions(trx: Transaction, accountIds: string[]): Promise<StampCompletionRow[]> {
    return await trx(STAMP_COMPLETION).whereIn("account_id", accountIds).whereNull("promotion_id").orderBy("created_at").orderBy("id")
  }

  /** Notes the reward of a filled card, once. */
  async setReward(trx: Transaction, completionId: string, reward: { promotion_id: string; code: string }): Promise<boolean> {
    const updated = await trx(STAMP_COMPLETION).where({ id: completionId }).whereNull("promotion_id").update({ ...reward, updated_at: trx.fn.now() })
    return Number(updated) > 0
  }

  /** A member's stamps and their reversals, oldest first (for their data export). */
  async listStamps(knex: Transaction, accountIds: string[]) {
    return await knex(STAMP).whereIn("account_id", accountIds).orderBy("created_at").select("card_id", "order_id", "kind", "created_at")
  }

  async listCompletions(knex: Transaction, accountIds: string[]): Promise<StampCompletionRow[]> {
    return await knex(STAMP_COMPLETION).whereIn("account_id", accountIds).orderBy("created_at")
  }
}
