import { generateEntityId } from "@medusajs/framework/utils"
import type { LoyaltyActionDTO, LoyaltyClaimDTO } from "../../../types/awards"
import type { Transaction } from "../ledger/ledger-store"

export const CLAIM = "kapy_claim"
export const ACTION = "kapy_action"

/** A claim row as stored: the shape the module hands out, with its metadata. */
export type ClaimRow = LoyaltyClaimDTO & { metadata: Record<string, unknown> | null }

/** A custom action row as stored: the shape the module hands out. */
export type ActionRow = LoyaltyActionDTO

/** Claims' and custom actions' SQL. Every method takes the caller's transaction; none opens one. */
export class ClaimStore {
  private live(trx: Transaction) {
    return trx(CLAIM).whereNull("deleted_at")
  }

  async findById(trx: Transaction, id: string): Promise<ClaimRow | undefined> {
    return await this.live(trx).where({ id }).first()
  }

  async findAction(trx: Transaction, id: string): Promise<ActionRow | undefined> {
    return await trx(ACTION).whereNull("deleted_at").where({ id }).first()
  }

  async countSince(trx: Transaction, accountIds: string[], since: Date): Promise<number> {
    const [{ count }] = await this.live(trx).whereIn("account_id", accountIds).where("created_at", ">=", since).count({ count: "*" })
    return Number(count)
  }

  /** The member's claim of a platform that was not rejected, if any. */
  async findStandingFollow(trx: Transaction, accountIds: string[], platform: string): Promise<ClaimRow | undefined> {
    return await this.live(trx)
      .whereIn("account_id", accountIds)
      .where({ type: "social_follow", platform })
      .whereNot({ status: "rejected" })
      .first()
  }

  /** The member's claims of an action that were not rejected, since `since` (or ever). */
  async countStandingOfAction(trx: Transaction, accountIds: string[], actionId: string, since: Date | null): Promise<number> {
    const q = this.live(trx).whereIn("account_id", accountIds).where({ action_id: actionId }).whereNot({ status: "rejected" })
    const [{ count }] = await (since ? q.where("created_at", ">=", since) : q).count({ count: "*" })
    return Number(count)
  }

  async insert(trx: Transaction, row: Pick<ClaimRow, "account_id" | "type" | "platform" | "action_id" | "handle" | "evidence" | "points">) {
    const [inserted] = await trx(CLAIM).insert({ id: generateEntityId(undefined, "kclm"), status: "pending", ...row }).returning("*")
    return inserted as ClaimRow
  }

  /**
   * Decides a pending claim: a conditional UPDATE, so of two decisions at
   * once the second waits on the row lock, then finds the claim no longer
   * pending and changes nothing (undefined).
   */
  async decide(
    trx: Transaction,
    id: string,
    changes: { status: "approved" | "rejected"; reject_reason?: string | null; decided_by: string | null }
  ): Promise<ClaimRow | undefined> {
    const [row] = await this.live(trx)
      .where({ id, status: "pending" })
      .update({ ...changes, decided_at: trx.fn.now(), updated_at: trx.fn.now() })
      .returning("*")
    return row
  }

  async update(trx: Transaction, id: string, changes: Partial<ClaimRow>): Promise<ClaimRow> {
    const [row] = await trx(CLAIM).where({ id }).update({ ...changes, updated_at: trx.fn.now() }).returning("*")
    return row
  }

  async deletePending(trx: Transaction, id: string) {
    await trx(CLAIM).where({ id, status: "pending" }).delete()
  }

  /**
   * For reconcile: approved claims that offered points but have no
   * standing award entry (none, not theirs, or voided), and award entries
   * of claims (reason social or custom, source a claim, not voided) whose
   * claim is missing or not approved.
   */
  async awardProblems(trx: Transaction): Promise<{ id: string; problem: string }[]> {
    const unawarded = await trx.raw(
      `SELECT c.id, CASE WHEN c.entry_id IS NULL THEN 'approved claim has no award entry'
                         WHEN e.id IS NULL THEN 'award entry missing'
                         WHEN e.source_id IS DISTINCT FROM c.id THEN 'award entry belongs to something else'
                         ELSE 'award entry was voided' END AS problem
         FROM kapy_claim c
         LEFT JOIN kapy_ledger_entry e ON e.id = c.entry_id
        WHERE c.deleted_at IS NULL AND c.status = 'approved' AND c.points > 0
          AND (e.id IS NULL OR e.source_id IS DISTINCT FROM c.id
               OR EXISTS (SELECT 1 FROM kapy_ledger_entry v WHERE v.voids_entry_id = e.id))`
    )
    const orphans = await trx.raw(
      `SELECT e.source_id AS id, 'award entry ' || e.id || CASE WHEN c.id IS NULL THEN ' has no claim' ELSE ' has a claim that is ' || c.status END AS problem
         FROM kapy_ledger_entry e
         LEFT JOIN kapy_claim c ON c.id = e.source_id
        WHERE e.source_type = 'claim' AND e.reason IN ('social', 'custom')
          AND NOT EXISTS (SELECT 1 FROM kapy_ledger_entry v WHERE v.voids_entry_id = e.id)
          AND (c.id IS NULL OR c.status <> 'approved' OR c.entry_id IS DISTINCT FROM e.id)`
    )
    return [...unawarded.rows, ...orphans.rows]
  }
}
