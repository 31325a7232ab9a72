import { newEntityId } from "../ids"
import { ACCOUNT, ENTRY, LOT, Transaction } from "../ledger/ledger-store"
import { IDENTITY, newReferralCode } from "../members/member-store"

/** A member of the chunk whose customer has no account yet, ready for the bulk path. */
export type NewImportedMember = {
  customer_id: string
  email: string
  points: number
  key: string
  source: string
  birthday: Date | null
  referral_code: string | null
  tier_id: string | null
  tier_until: Date | null
  actor_id: string
}

/** What the chunk's customers already are in Kapy, for deciding between the bulk path and the one-by-one path. */
export type ExistingImportState = {
  customer_id: string
  account_id: string
  birthday: Date | null
  referral_code: string
  tier_override_id: string | null
  key_done: boolean
}

/**
 * What an imported member brings besides points: the referral code their
 * old links carry, and the tier they held. Every method takes the caller's
 * transaction, which holds the account's lock.
 */
export class MemberImportStore {
  /** Gives the account `code` unless another account holds it; returns whether it holds it now. */
  async takeReferralCode(trx: Transaction, accountId: string, code: string): Promise<boolean> {
    const result = await trx.raw(
      `UPDATE ${ACCOUNT} SET referral_code = ?, updated_at = now()
        WHERE id = ? AND referral_code <> ?
          AND NOT EXISTS (SELECT 1 FROM ${ACCOUNT} o WHERE o.referral_code = ? AND o.id <> ?)
       RETURNING id`,
      [code, accountId, code, code, accountId]
    )
    if (result.rows.length) {
      return true
    }
    const held = await trx(ACCOUNT).where({ id: accountId, referral_code: code }).first("id")
    return !!held
  }

  /**
   * The tier the member held in the old program, as a floor until `until`
   * (the tier evaluation keeps the member at least there), unless an
   * override is already set. Returns whether it was set now.
   */
  async setImportedTier(trx: Transaction, accountId: string, tierId: string, until: Date | null): Promise<boolean> {
    const updated = await trx(ACCOUNT)
      .where({ id: accountId })
      .whereNull("tier_override_id")
      .update({
        tier_override_id: tierId,
        tier_override_until: until,
        tier_override_reason: "imported from the previous loyalty program",
        tier_override_by: "kapy-import",
        updated_at: trx.fn.now(),
      })
    return Number(updated) > 0
  }

  /** Up-to-date planner statistics for the tables an import fills. */
  async analyze(knex: Transaction) {
    await knex.raw(`ANALYZE ${ACCOUNT}, ${IDENTITY}, ${ENTRY}, ${LOT}`)
  }

  /**
   * Serialises the import of these customers with every other way an
   * identity is made (the same advisory keys as MemberDirectory.ensure),
   * in sorted order so two imports never wait on each other in a circle.
   */
  async lockCustomers(trx: Transaction, customerIds: string[]) {
    const keys = [...new Set(customerIds)].sort().map((id) => `kapy-identity:medusa:${id}`)
    await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended(k, 7)) FROM unnest(?::text[]) AS k ORDER BY k`, [keys])
  }

  /** The chunk's customers that already have an account, with what an import of them would change. */
  async existingState(trx: Transaction, customerIds: string[], keys: Map<string, string>): Promise<Map<string, ExistingImportState>> {
    const result = await trx.raw(
      `SELECT i.external_id AS customer_id, a.id AS account_id, a.birthday, a.referral_code, a.tier_override_id
         FROM ${IDENTITY} i JOIN ${ACCOUNT} a ON a.id = i.account_id
        WHERE i.provider = 'medusa' AND i.external_id = ANY(?) AND i.deleted_at IS NULL`,
      [customerIds]
    )
    const done = await trx(ENTRY).whereIn("idempotency_scope", [...keys.values()]).whereNull("deleted_at").pluck("idempotency_scope")
    const doneKeys = new Set(done)
    return new Map(
      result.rows.map((r: any) => [r.customer_id, { ...r, key_done: doneKeys.has(keys.get(r.customer_id)!) } as ExistingImportState])
    )
  }

  /**
   * The bulk path for members who have no account yet: their accounts (with
   * the totals their one entry brings), identities, `import` entries and
   * lots, five statements for the whole chunk. Nobody else can see these
   * accounts before the commit, so no row lock is needed; the caller holds
   * the customers' advisory locks and checked they have no identity, and
   * the unique key index still refuses a second import. Members whose
   * account could not be made (their old referral code is taken) are
   * returned for the one-by-one path.
   */
  async createImportedMembers(
    trx: Transaction,
    members: NewImportedMember[]
  ): Promise<{ created: Map<string, { account_id: string; entry_id: string | null }>; left: NewImportedMember[] }> {
    const drafts = members.map((m) => ({ member: m, id: newEntityId("kacc"), code: m.referral_code ?? newReferralCode() }))
    const inserted = await trx.raw(
      `INSERT INTO ${ACCOUNT} (id, referral_code, points_balance, lifetime_points, birthday, tier_override_id, tier_override_until, tier_override_reason, tier_override_by)
       SELECT * FROM unnest(?::text[], ?::text[], ?::int[], ?::int[], ?::timestamptz[], ?::text[], ?::timestamptz[], ?::text[], ?::text[])
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        drafts.map((d) => d.id),
        drafts.map((d) => d.code),
        drafts.map((d) => d.member.points),
        drafts.map((d) => d.member.points),
        drafts.map((d) => d.member.birthday),
        drafts.map((d) => d.member.tier_id),
        drafts.map((d) => (d.member.tier_id ? d.member.tier_until : null)),
        drafts.map((d) => (d.member.tier_id ? "imported from the previous loyalty program" : null)),
        drafts.map((d) => (d.member.tier_id ? "kapy-import" : null)),
      ] as any
    )
    const made = new Set(inserted.rows.map((r: { id: string }) => r.id))
    const ok = drafts.filter((d) => made.has(d.id))
    const left = drafts.filter((d) => !made.has(d.id)).map((d) => d.member)
    const created = new Map<string, { account_id: string; entry_id: string | null }>()
    if (!ok.length) {
      return { created, left }
    }
    await trx(IDENTITY).insert(
      ok.map((d) => ({
        id: newEntityId("kidn"),
        account_id: d.id,
        provider: "medusa",
        external_id: d.member.customer_id,
        email: d.member.email,
        email_verified: false,
      }))
    )
    const earning = ok.filter((d) => d.member.points > 0)
    const entries = earning.map((d) => ({
      id: newEntityId("kent"),
      account_id: d.id,
      reason: "import",
      points: d.member.points,
      available_delta: d.member.points,
      pending_delta: 0,
      lifetime_delta: d.member.points,
      redeemed_delta: 0,
      balance_after: d.member.points,
      pending_after: 0,
      idempotency_key: d.member.key,
      idempotency_scope: d.member.key,
      source_type: "import",
      source_id: d.member.source,
      actor_type: "system",
      actor_id: d.member.actor_id,
      note: "Imported balance",
    }))
    if (entries.length) {
      // a chunk is at most a few hundred members: one multi-row INSERT each
      await trx(ENTRY).insert(entries)
      await trx(LOT).insert(
        entries.map((e) => ({
          id: newEntityId("klot"),
          account_id: e.account_id,
          entry_id: e.id,
          status: "available",
          points: e.points,
          remaining: e.points,
        }))
      )
    }
    const entryOf = new Map(entries.map((e) => [e.account_id, e.id]))
    for (const d of ok) {
      created.set(d.member.customer_id, { account_id: d.id, entry_id: entryOf.get(d.id) ?? null })
    }
    return { created, left }
  }
}

/** One member to import (see `importMembers`). */
export type ImportMemberInput = {
  customer_id: string
  email: string
  points: number
  /** What the members come from: a member is imported once per source. */
  source: string
  birthday?: string | null
  referral_code?: string | null
  tier_id?: string | null
  tier_until?: Date | null
  actor_id?: string | null
}

export type ImportMemberResult =
  | { account_id: string; status: "imported" | "already_imported"; entry_id: string | null; warnings: string[] }
  | { status: "failed"; message: string }
