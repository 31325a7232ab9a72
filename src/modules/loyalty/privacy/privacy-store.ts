import { generateEntityId } from "@medusajs/framework/utils"
import type { ConsentPurpose, LoyaltyConsentDTO } from "../../../types/privacy"
import { ACCOUNT, ENTRY, LOT, Transaction } from "../ledger/ledger-store"
import { IDENTITY, newReferralCode } from "../members/member-store"

export const CONSENT = "kapy_consent"
const CLAIM = "kapy_claim"
const REFERRAL = "kapy_referral"
const EXPIRY_NOTICE = "kapy_expiry_notice"

/**
 * Personal data and consent: consents' SQL, what a member's export reads,
 * and the statements that erase a person without touching the ledger.
 * Every method takes the caller's transaction; none opens one.
 */
export class PrivacyStore {
  /**
   * Records consent decisions, one row per account and purpose (the
   * current decision with when it was given or withdrawn and the text
   * version agreed to). Unchanged decisions keep their timestamps.
   */
  async upsertConsents(
    trx: Transaction,
    accountId: string,
    decisions: { purpose: ConsentPurpose; granted: boolean }[],
    textVersion: string,
    source: string,
    now: Date
  ): Promise<void> {
    for (const d of decisions) {
      await trx.raw(
        `INSERT INTO ${CONSENT} (id, account_id, purpose, granted, text_version, granted_at, withdrawn_at, source, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id, purpose) DO UPDATE SET
           granted = EXCLUDED.granted,
           text_version = CASE WHEN EXCLUDED.granted THEN EXCLUDED.text_version ELSE ${CONSENT}.text_version END,
           granted_at = CASE WHEN EXCLUDED.granted AND (NOT ${CONSENT}.granted OR ${CONSENT}.text_version <> EXCLUDED.text_version)
                             THEN EXCLUDED.granted_at ELSE ${CONSENT}.granted_at END,
           withdrawn_at = CASE WHEN NOT EXCLUDED.granted AND ${CONSENT}.granted THEN EXCLUDED.withdrawn_at
                               WHEN EXCLUDED.granted THEN NULL ELSE ${CONSENT}.withdrawn_at END,
           source = EXCLUDED.source,
           updated_at = EXCLUDED.updated_at`,
        [
          generateEntityId(undefined, "kcns"),
          accountId,
          d.purpose,
          d.granted,
          textVersion,
          d.granted ? now : null,
          d.granted ? null : now,
          source,
          now,
          now,
        ]
      )
    }
  }

  async listConsents(knex: Transaction, accountIds: string[]): Promise<LoyaltyConsentDTO[]> {
    return await knex(CONSENT)
      .whereIn("account_id", accountIds)
      .orderBy([{ column: "purpose" }, { column: "updated_at", order: "desc" }])
      .select("account_id", "purpose", "granted", "text_version", "granted_at", "withdrawn_at", "source", "updated_at")
  }

  /** Every entry of these accounts, oldest first: the member's whole history. */
  async listEntries(knex: Transaction, accountIds: string[]) {
    return await knex(ENTRY)
      .whereIn("account_id", accountIds)
      .whereNull("deleted_at")
      .orderBy([{ column: "created_at" }, { column: "id" }])
      .select(
        "id",
        "account_id",
        "reason",
        "points",
        "available_delta",
        "pending_delta",
        "balance_after",
        "pending_after",
        "source_type",
        "source_id",
        "origin_entry_id",
        "note",
        "sales_channel_id",
        "currency_code",
        "created_at"
      )
  }

  async listClaims(knex: Transaction, accountIds: string[]) {
    return await knex(CLAIM)
      .whereIn("account_id", accountIds)
      .whereNull("deleted_at")
      .orderBy("created_at")
      .select("id", "type", "platform", "action_id", "handle", "evidence", "status", "points", "reject_reason", "decided_at", "created_at")
  }

  async listReferrals(knex: Transaction, accountIds: string[]) {
    return await knex(REFERRAL)
      .where((q) => q.whereIn("friend_account_id", accountIds).orWhereIn("referrer_account_id", accountIds))
      .whereNull("deleted_at")
      .orderBy("created_at")
      .select("id", "referrer_account_id", "friend_account_id", "code", "status", "reason", "order_id", "referrer_points", "completed_at", "created_at")
  }

  async listExpiryNotices(knex: Transaction, accountIds: string[]) {
    return await knex(EXPIRY_NOTICE).whereIn("account_id", accountIds).orderBy("created_at").select("kind", "expires_at", "points", "created_at")
  }

  /** Forfeits everything still pending of an account (it is leaving): pending lots hold nothing more. */
  async emptyPendingLots(trx: Transaction, accountId: string) {
    await trx(LOT).where({ account_id: accountId, status: "pending" }).where("remaining", ">", 0).update({ remaining: 0, updated_at: trx.fn.now() })
  }

  async markClosed(trx: Transaction, accountId: string, now: Date, eraseAfter: Date) {
    await trx(ACCOUNT).where({ id: accountId }).update({ status: "closed", closed_at: now, erase_after: eraseAfter, updated_at: trx.fn.now() })
  }

  /** Closed accounts whose retention ended by `now` and were not erased yet. */
  async listDueForErasure(knex: Transaction, now: Date, limit: number): Promise<string[]> {
    return await knex(ACCOUNT)
      .where({ status: "closed", deleted_at: null, erased_at: null })
      .where("erase_after", "<=", now)
      .orderBy("erase_after")
      .limit(limit)
      .pluck("id")
  }

  /**
   * Erases identities (all of `accountIds`', or only the one given): email
   * and external id overwritten, soft-deleted, so nothing links an account
   * to the person. Returns the Medusa customer ids that were erased.
   */
  async eraseIdentities(
    trx: Transaction,
    where: { accountIds: string[] } | { provider: string; externalId: string }
  ): Promise<{ account_id: string; customer_id: string | null; provider: string; external_id: string }[]> {
    const q = trx(IDENTITY).whereNull("deleted_at")
    if ("accountIds" in where) {
      q.whereIn("account_id", where.accountIds)
    } else {
      q.where({ provider: where.provider, external_id: where.externalId })
    }
    const rows = await q.forUpdate().select("id", "account_id", "provider", "external_id")
    for (const row of rows) {
      await trx(IDENTITY).where({ id: row.id }).update({
        external_id: `erased:${row.id}`,
        email: null,
        email_verified: false,
        metadata: null,
        deleted_at: trx.fn.now(),
        updated_at: trx.fn.now(),
      })
    }
    return rows.map((r: any) => ({
      account_id: r.account_id,
      customer_id: r.provider === "medusa" ? r.external_id : null,
      provider: r.provider,
      external_id: r.external_id,
    }))
  }

  async countLiveIdentities(trx: Transaction, accountIds: string[]): Promise<number> {
    const row = await trx(IDENTITY).whereIn("account_id", accountIds).whereNull("deleted_at").count({ n: "*" }).first()
    return Number(row?.n ?? 0)
  }

  /**
   * What else could name the person once no identity is left: birthday
   * and metadata, claims' handles and evidence, referral IP hashes and
   * consents; the referral code is replaced, so links shared before lead
   * nowhere. Balances, entries and lots are not touched.
   */
  async anonymiseAccounts(trx: Transaction, accountIds: string[], now: Date) {
    for (const id of accountIds) {
      await trx(ACCOUNT).where({ id }).update({
        birthday: null,
        metadata: null,
        referral_code: await this.freeReferralCode(trx),
        erased_at: now,
        updated_at: trx.fn.now(),
      })
    }
    await trx(CLAIM).whereIn("account_id", accountIds).update({ handle: null, evidence: null, metadata: null, updated_at: trx.fn.now() })
    await trx(REFERRAL)
      .where((q) => q.whereIn("friend_account_id", accountIds).orWhereIn("referrer_account_id", accountIds))
      .update({ ip_hash: null, updated_at: trx.fn.now() })
    await trx(CONSENT).whereIn("account_id", accountIds).delete()
  }

  private async freeReferralCode(trx: Transaction): Promise<string> {
    for (;;) {
      const code = newReferralCode()
      if (!(await trx(ACCOUNT).where({ referral_code: code }).first("id"))) {
        return code
      }
    }
  }
}
