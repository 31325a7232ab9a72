import { generateEntityId } from "@medusajs/framework/utils"
import type { LoyaltyReferralDTO } from "../../../types/referrals"
import type { Transaction } from "../ledger/ledger-store"

export const REFERRAL = "kapy_referral"

/** A referral row as stored: the shape the module hands out (the friend reward as its JSON). */
export type ReferralRow = Omit<LoyaltyReferralDTO, "friend_reward"> & { friend_reward: Record<string, unknown> | null }

/** Referrals' SQL. Every method takes the caller's transaction; none opens one. */
export class ReferralStore {
  private live(trx: Transaction) {
    return trx(REFERRAL).whereNull("deleted_at")
  }

  async findById(trx: Transaction, id: string, { forUpdate = false } = {}): Promise<ReferralRow | undefined> {
    const q = this.live(trx).where({ id })
    return await (forUpdate ? q.forUpdate() : q).first()
  }

  async findByFriend(trx: Transaction, friendAccountIds: string[]): Promise<ReferralRow | undefined> {
    return await this.live(trx).whereIn("friend_account_id", friendAccountIds).orderBy("created_at").first()
  }

  async listByReferrer(trx: Transaction, referrerAccountIds: string[]): Promise<ReferralRow[]> {
    return await this.live(trx).whereIn("referrer_account_id", referrerAccountIds).orderBy("created_at", "desc")
  }

  /**
   * A member's referrals both ways in one statement: where any of
   * `accountIds` is the friend (oldest first) or the referrer (newest first).
   */
  async listOfMember(trx: Transaction, accountIds: string[]): Promise<{ asFriend: ReferralRow[]; asReferrer: ReferralRow[] }> {
    const rows: ReferralRow[] = await this.live(trx)
      .where((q) => q.whereIn("friend_account_id", accountIds).orWhereIn("referrer_account_id", accountIds))
      .orderBy("created_at")
    const mine = new Set(accountIds)
    return {
      asFriend: rows.filter((r) => mine.has(r.friend_account_id)),
      asReferrer: rows.filter((r) => mine.has(r.referrer_account_id)).reverse(),
    }
  }

  async lockByOrder(trx: Transaction, orderId: string): Promise<ReferralRow[]> {
    return await this.live(trx).where({ order_id: orderId }).orderBy("id").forUpdate()
  }

  /** Serialises applications from one IP address, so that its weekly count holds under concurrency. */
  async lockIpHash(trx: Transaction, ipHash: string) {
    await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended(?, 7))`, [`kapy-referral-ip:${ipHash}`])
  }

  async countFromIpSince(trx: Transaction, ipHash: string, since: Date): Promise<number> {
    const [{ count }] = await this.live(trx).where({ ip_hash: ipHash }).where("created_at", ">=", since).count({ count: "*" })
    return Number(count)
  }

  async countCompletedSince(trx: Transaction, referrerAccountIds: string[], since: Date): Promise<number> {
    const [{ count }] = await this.live(trx)
      .whereIn("referrer_account_id", referrerAccountIds)
      .where({ status: "completed" })
      .where("completed_at", ">=", since)
      .count({ count: "*" })
    return Number(count)
  }

  async insert(trx: Transaction, row: Partial<ReferralRow> & Pick<ReferralRow, "referrer_account_id" | "friend_account_id" | "code" | "status">) {
    const [inserted] = await trx(REFERRAL)
      .insert({
        id: generateEntityId(undefined, "kref"),
        ...row,
        friend_reward: row.friend_reward ? JSON.stringify(row.friend_reward) : null,
      })
      .returning("*")
    return inserted as ReferralRow
  }

  async update(trx: Transaction, id: string, changes: Partial<ReferralRow>): Promise<ReferralRow> {
    const values: Record<string, unknown> = { ...changes, updated_at: trx.fn.now() }
    if ("friend_reward" in changes) {
      values.friend_reward = changes.friend_reward ? JSON.stringify(changes.friend_reward) : null
    }
    const [updated] = await trx(REFERRAL).where({ id }).update(values).returning("*")
    return updated as ReferralRow
  }

  async hardDelete(trx: Transaction, id: string) {
    await trx(REFERRAL).where({ id }).delete()
  }

  /** Pending referrals whose qualifying order's pending period is over at `now`, oldest first. */
  async listDue(trx: Transaction, now: Date, limit: number): Promise<ReferralRow[]> {
    return await this.live(trx)
      .where({ status: "pending" })
      .whereNotNull("order_id")
      .where("qualifies_at", "<=", now)
      .orderBy([{ column: "qualifies_at" }, { column: "id" }])
      .limit(limit)
  }

  /** Counts by status, and the referrers with most completed referrals. */
  async stats(knex: Transaction, top: number) {
    const byStatus = await this.live(knex).select("status").count({ count: "*" }).groupBy("status")
    const byReason = await this.live(knex)
      .whereIn("status", ["rejected", "void"])
      .select("status", "reason")
      .count({ count: "*" })
      .groupBy("status", "reason")
    const referrers = await this.live(knex)
      .select("referrer_account_id")
      .count({ referrals: "*" })
      .select(
        knex.raw(`COUNT(*) FILTER (WHERE status = 'pending')::int AS pending`),
        knex.raw(`COUNT(*) FILTER (WHERE status = 'completed')::int AS completed`),
        knex.raw(`COUNT(*) FILTER (WHERE status = 'rejected')::int AS rejected`),
        knex.raw(`COUNT(*) FILTER (WHERE status = 'void')::int AS void`),
        knex.raw(`COALESCE(SUM(referrer_points) FILTER (WHERE status = 'completed'), 0)::int AS points_earned`)
      )
      .groupBy("referrer_account_id")
      .orderByRaw(`COUNT(*) FILTER (WHERE status = 'completed') DESC, COUNT(*) DESC, referrer_account_id`)
      .limit(top)
    return { byStatus, byReason, referrers }
  }
}
