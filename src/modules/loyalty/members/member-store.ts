import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import { randomInt } from "crypto"
import type { IdentityProvider, LoyaltyAccountDTO } from "../../../types/loyalty"
import type { Transaction } from "../ledger/ledger-store"

export const ACCOUNT = "kapy_account"
export const IDENTITY = "kapy_account_identity"

/**
 * An account row as the store reads it: the table's columns, and the
 * account's first Medusa customer from a sub-select (not a column). The
 * same shape as what the module hands out.
 */
/** An account as stored: the DTO's override is four columns. */
export type AccountRow = Omit<LoyaltyAccountDTO, "tier_override"> & {
  tier_override_id?: string | null
  tier_override_until?: Date | null
  tier_override_reason?: string | null
  tier_override_by?: string | null
}

export type IdentityRow = {
  id: string
  account_id: string
  provider: IdentityProvider
  external_id: string
  email: string | null
  email_verified: boolean
  created_at: Date
}

/** Unambiguous characters: no 0/O, 1/I/L. */
const REFERRAL_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
const REFERRAL_CODE_LENGTH = 8

export function newReferralCode(): string {
  let code = ""
  for (let i = 0; i < REFERRAL_CODE_LENGTH; i++) {
    code += REFERRAL_ALPHABET[randomInt(REFERRAL_ALPHABET.length)]
  }
  return code
}

/**
 * How many merges a write follows to the account that stays (a chain is a
 * bug, but must end). `kapy_ledger_write` (Migration20261208000100) follows
 * as many.
 */
export const MAX_MERGE_HOPS = 8

/** A write's account that does not exist. */
export function accountNotFound(accountId: string) {
  return new MedusaError(MedusaError.Types.NOT_FOUND, `Loyalty account ${accountId} was not found`)
}

/** A write's account whose merges do not end within MAX_MERGE_HOPS. */
export function accountMergeLoop(accountId: string) {
  return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Loyalty account ${accountId} is merged in a loop`)
}

/**
 * Accounts and the identities beside them: who a member is, never what they
 * hold. Every method takes the caller's transaction; none opens one.
 */
export class MemberStore {
  /** The account row with its Medusa customer, from one indexed sub-select. */
  private accountQuery(trx: Transaction) {
    return trx(`${ACCOUNT} as a`)
      .whereNull("a.deleted_at")
      .select(
        "a.*",
        trx.raw(
          `(SELECT i.external_id FROM ${IDENTITY} i
             WHERE i.account_id = a.id AND i.provider = 'medusa' AND i.deleted_at IS NULL
             ORDER BY i.created_at, i.id LIMIT 1) AS customer_id`
        )
      )
  }

  async findAccountById(trx: Transaction, accountId: string): Promise<AccountRow | undefined> {
    return await this.accountQuery(trx).where("a.id", accountId).first()
  }

  async findAccountByIdentity(
    trx: Transaction,
    provider: IdentityProvider,
    externalId: string
  ): Promise<AccountRow | undefined> {
    const identity = await this.findIdentity(trx, provider, externalId)
    return identity ? await this.followMerges(trx, identity.account_id) : undefined
  }

  /**
   * The accounts (after merges) of these people of one provider, by
   * external id, with each identity's stored email: two statements
   * whatever their number (a merged account costs a hop more).
   */
  async findAccountsByIdentities(
    trx: Transaction,
    provider: IdentityProvider,
    externalIds: string[]
  ): Promise<Map<string, { account: AccountRow; email: string | null; email_verified: boolean }>> {
    const found = new Map<string, { account: AccountRow; email: string | null; email_verified: boolean }>()
    if (!externalIds.length) {
      return found
    }
    const identities: IdentityRow[] = await trx(IDENTITY).where({ provider, deleted_at: null }).whereIn("external_id", externalIds)
    if (!identities.length) {
      return found
    }
    const accounts: AccountRow[] = await this.accountQuery(trx).whereIn("a.id", [...new Set(identities.map((i) => i.account_id))])
    const byId = new Map(accounts.map((a) => [a.id, a]))
    for (const identity of identities) {
      let account = byId.get(identity.account_id)
      if (account?.status === "merged") {
        account = await this.followMerges(trx, account.id)
      }
      if (account) {
        found.set(identity.external_id, { account, email: identity.email ?? null, email_verified: !!identity.email_verified })
      }
    }
    return found
  }

  /** The live account that stands for each of these ids (itself, or the one it was merged into): one statement, a hop more per merged one. */
  async liveAccountIds(trx: Transaction, accountIds: string[]): Promise<Map<string, string>> {
    const live = new Map<string, string>()
    if (!accountIds.length) {
      return live
    }
    const rows: { id: string; status: string; merged_into_id: string | null }[] = await trx(ACCOUNT)
      .whereIn("id", accountIds)
      .whereNull("deleted_at")
      .select("id", "status", "merged_into_id")
    for (const row of rows) {
      live.set(row.id, row.status === "merged" && row.merged_into_id ? (await this.followMerges(trx, row.id))?.id ?? row.id : row.id)
    }
    return live
  }

  /** The account that stands for the one holding this referral code (after merges). */
  async findAccountByReferralCode(trx: Transaction, code: string): Promise<AccountRow | undefined> {
    const row = await trx(ACCOUNT).where({ referral_code: code, deleted_at: null }).first("id")
    return row ? await this.followMerges(trx, row.id) : undefined
  }

  async findIdentity(trx: Transaction, provider: IdentityProvider, externalId: string) {
    return (await trx(IDENTITY)
      .where({ provider, external_id: externalId, deleted_at: null })
      .first()) as IdentityRow | undefined
  }

  async listIdentities(trx: Transaction, accountId: string): Promise<IdentityRow[]> {
    return await trx(IDENTITY).where({ account_id: accountId, deleted_at: null }).orderBy("created_at")
  }

  /** The identities of several accounts, in one statement, oldest first. */
  async listIdentitiesOf(trx: Transaction, accountIds: string[]): Promise<IdentityRow[]> {
    return await trx(IDENTITY).whereIn("account_id", accountIds).whereNull("deleted_at").orderBy("created_at")
  }

  /** Accounts (other than `exceptAccountId`) holding an identity with this verified email, oldest first. */
  async findAccountsByVerifiedEmail(trx: Transaction, email: string, exceptAccountId?: string) {
    const rows = await trx(IDENTITY)
      .where({ email, email_verified: true, deleted_at: null })
      .modify((q) => {
        if (exceptAccountId) {
          q.whereNot("account_id", exceptAccountId)
        }
      })
      .distinct("account_id")
    const accounts: AccountRow[] = []
    for (const { account_id } of rows) {
      const account = await this.followMerges(trx, account_id)
      if (account && account.id !== exceptAccountId && !accounts.some((a) => a.id === account.id)) {
        accounts.push(account)
      }
    }
    return accounts.sort((a, b) => +new Date(a.created_at) - +new Date(b.created_at) || a.id.localeCompare(b.id))
  }

  /** The account that stands for `accountId`: itself, or the one it was merged into. */
  async followMerges(trx: Transaction, accountId: string): Promise<AccountRow | undefined> {
    let account = await this.findAccountById(trx, accountId)
    for (let hop = 0; account?.status === "merged" && account.merged_into_id && hop < MAX_MERGE_HOPS; hop++) {
      account = await this.findAccountById(trx, account.merged_into_id)
    }
    return account
  }

  /**
   * The member a read is about, in one statement: the account that stands
   * for `base` (an account id, or a provider's identity) after following
   * merges, its Medusa customer, the accounts merged into it (their
   * records are the member's too) and the program's generation token (for
   * the cached program). `account` is undefined when there is none, as
   * `followMerges` answers (a merge pointing nowhere included).
   */
  async findMember(
    trx: Transaction,
    base: { account_id: string } | { provider: IdentityProvider; external_id: string }
  ): Promise<{ account: AccountRow | undefined; merged_account_ids: string[]; program_token: string | null }> {
    const start =
      "account_id" in base
        ? { sql: "a.id = ?", bindings: [base.account_id] }
        : {
            sql: `a.id = (SELECT i.account_id FROM ${IDENTITY} i WHERE i.provider = ? AND i.external_id = ? AND i.deleted_at IS NULL LIMIT 1)`,
            bindings: [base.provider, base.external_id],
          }
    const { rows } = await trx.raw(
      `WITH RECURSIVE chain AS (
         SELECT a.id, a.status, a.merged_into_id, 0 AS hop FROM ${ACCOUNT} a WHERE ${start.sql} AND a.deleted_at IS NULL
         UNION ALL
         SELECT a.id, a.status, a.merged_into_id, c.hop + 1 FROM chain c
           JOIN ${ACCOUNT} a ON a.id = c.merged_into_id AND a.deleted_at IS NULL
          WHERE c.status = 'merged' AND c.hop < ${MAX_MERGE_HOPS}
       )
       SELECT g.token AS kapy_program_token, m.*
         FROM (SELECT 1) one
         LEFT JOIN kapy_program_generation g ON g.id = 1
         LEFT JOIN LATERAL (
           SELECT a.*,
                  (SELECT i.external_id FROM ${IDENTITY} i
                    WHERE i.account_id = a.id AND i.provider = 'medusa' AND i.deleted_at IS NULL
                    ORDER BY i.created_at, i.id LIMIT 1) AS customer_id,
                  ARRAY(SELECT x.id FROM ${ACCOUNT} x WHERE x.merged_into_id = a.id AND x.deleted_at IS NULL
                         ORDER BY x.created_at, x.id) AS kapy_merged_account_ids,
                  (c.status = 'merged' AND c.merged_into_id IS NOT NULL AND c.hop < ${MAX_MERGE_HOPS}) AS kapy_merge_dangles
             FROM (SELECT * FROM chain ORDER BY hop DESC LIMIT 1) c
             JOIN ${ACCOUNT} a ON a.id = c.id
         ) m ON true`,
      start.bindings
    )
    const { kapy_program_token, kapy_merged_account_ids, kapy_merge_dangles, ...account } = rows[0]
    return {
      account: account.id && !kapy_merge_dangles ? (account as AccountRow) : undefined,
      merged_account_ids: account.id && !kapy_merge_dangles ? kapy_merged_account_ids : [],
      program_token: kapy_program_token ?? null,
    }
  }

  /**
   * Locks the account that stands for `accountId` and returns it. A merged
   * account is locked first, then the one it went into: once the merged
   * row's lock is ours, the merge that set it has committed.
   */
  async lockLiveAccount(trx: Transaction, accountId: string): Promise<AccountRow> {
    let id = accountId
    for (let hop = 0; hop <= MAX_MERGE_HOPS; hop++) {
      // lock and read in one statement: this runs on every ledger write
      const account: AccountRow | undefined = await this.accountQuery(trx).where("a.id", id).forUpdate("a").first()
      if (!account) {
        throw accountNotFound(accountId)
      }
      if (account.status !== "merged" || !account.merged_into_id) {
        return account
      }
      id = account.merged_into_id
    }
    throw accountMergeLoop(accountId)
  }

  /**
   * Locks several accounts in id order, in one statement (rows are locked
   * as the sort returns them: the order every multi-account write uses, so
   * none deadlock). An id not found is refused.
   */
  async lockAccounts(trx: Transaction, accountIds: string[]): Promise<Map<string, AccountRow>> {
    const ids = [...new Set(accountIds)].sort()
    const rows: AccountRow[] = ids.length
      ? await this.accountQuery(trx).whereRaw("a.id = ANY(?)", [ids]).orderBy("a.id").forUpdate("a")
      : []
    const locked = new Map(rows.map((r) => [r.id, r]))
    const missing = ids.find((id) => !locked.has(id))
    if (missing) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Loyalty account ${missing} was not found`)
    }
    return locked
  }

  /** The accounts these Medusa customers' identities point at (before merges are followed), by customer id, in one statement. */
  async accountsOfCustomers(trx: Transaction, customerIds: string[]): Promise<Map<string, string>> {
    if (!customerIds.length) {
      return new Map()
    }
    const rows = await trx(IDENTITY)
      .where({ provider: "medusa", deleted_at: null })
      .whereRaw("external_id = ANY(?)", [[...new Set(customerIds)]])
      .select("external_id", "account_id")
    return new Map(rows.map((r: { external_id: string; account_id: string }) => [r.external_id, r.account_id]))
  }

  /**
   * Serialises everything that creates or moves the identity `key` (a
   * provider id, an email) until the transaction ends, across processes:
   * two first requests of the same person make one account.
   */
  async lockIdentityKey(trx: Transaction, key: string) {
    await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended(?, 7))`, [`kapy-identity:${key}`])
  }

  /** A new empty account, with a referral code no other account has (retried on a clash). */
  async insertAccount(trx: Transaction): Promise<AccountRow> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = generateEntityId(undefined, "kacc")
      const inserted = await trx.raw(
        `INSERT INTO ${ACCOUNT} (id, referral_code) VALUES (?, ?) ON CONFLICT DO NOTHING RETURNING id`,
        [id, newReferralCode()]
      )
      if (inserted.rows.length) {
        return (await this.findAccountById(trx, id))!
      }
    }
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "Could not find a free referral code for a new account")
  }

  async insertIdentity(
    trx: Transaction,
    identity: { account_id: string; provider: IdentityProvider; external_id: string; email: string | null; email_verified: boolean }
  ) {
    await trx(IDENTITY).insert({ id: generateEntityId(undefined, "kidn"), ...identity })
  }

  async updateIdentityEmail(trx: Transaction, identityId: string, email: string | null, verified: boolean) {
    await trx(IDENTITY)
      .where({ id: identityId })
      .update({ email, email_verified: verified, updated_at: trx.fn.now() })
  }

  async moveIdentities(trx: Transaction, fromAccountId: string, intoAccountId: string) {
    await trx(IDENTITY)
      .where({ account_id: fromAccountId, deleted_at: null })
      .update({ account_id: intoAccountId, updated_at: trx.fn.now() })
  }

  async markMerged(trx: Transaction, accountId: string, intoAccountId: string) {
    await trx(ACCOUNT)
      .where({ id: accountId })
      .update({ status: "merged", merged_into_id: intoAccountId, updated_at: trx.fn.now() })
  }

  async updateBirthday(trx: Transaction, accountId: string, birthday: Date) {
    await trx(ACCOUNT).where({ id: accountId }).update({ birthday, updated_at: trx.fn.now() })
  }

  /** Active accounts whose birthday is one of `days` (month and day, UTC). */
  async birthdayAccountIds(knex: Transaction, days: { month: number; day: number }[]): Promise<string[]> {
    if (!days.length) {
      return []
    }
    const rows = await knex(ACCOUNT)
      .whereNull("deleted_at")
      .where("status", "active")
      .whereNotNull("birthday")
      .andWhere((q) => {
        for (const { month, day } of days) {
          q.orWhereRaw(
            `(EXTRACT(MONTH FROM birthday AT TIME ZONE 'UTC') = ? AND EXTRACT(DAY FROM birthday AT TIME ZONE 'UTC') = ?)`,
            [month, day]
          )
        }
      })
      .orderBy("id")
      .select("id")
    return rows.map((r: { id: string }) => r.id)
  }

  /** Account ids of these Medusa customers (accounts that stand, after merges). */
  async accountIdsOfCustomers(knex: Transaction, customerIds: string[]): Promise<string[]> {
    if (!customerIds.length) {
      return []
    }
    const rows = await knex(IDENTITY)
      .where({ provider: "medusa", deleted_at: null })
      .whereIn("external_id", customerIds)
      .distinct("account_id")
    return rows.map((r: { account_id: string }) => r.account_id)
  }

  /**
   * Accounts holding a live identity (of any provider: a Shopify-only member
   * too) whose email contains `term` as plain text (`%`, `_` and `\` match
   * themselves). Identities move with a merge, so these accounts stand.
   */
  async accountIdsByEmail(knex: Transaction, term: string): Promise<string[]> {
    const needle = term.trim().toLowerCase()
    if (!needle) {
      return []
    }
    const pattern = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    const rows = await knex(IDENTITY)
      .whereNull("deleted_at")
      .whereRaw(`email LIKE ? ESCAPE '\\'`, [pattern])
      .distinct("account_id")
    return rows.map((r: { account_id: string }) => r.account_id)
  }

  /** The live identities of these accounts, oldest first, for a page of members. */
  async identitiesOfAccounts(knex: Transaction, accountIds: string[]): Promise<IdentityRow[]> {
    if (!accountIds.length) {
      return []
    }
    return await knex(IDENTITY)
      .whereNull("deleted_at")
      .whereIn("account_id", [...new Set(accountIds)])
      .orderBy([{ column: "created_at", order: "asc" }, { column: "id", order: "asc" }])
  }

  /** Each account's first Medusa customer (accounts without one are absent). */
  async customerIdsOfAccounts(knex: Transaction, accountIds: string[]): Promise<Map<string, string>> {
    const map = new Map<string, string>()
    if (!accountIds.length) {
      return map
    }
    const rows = await knex(IDENTITY)
      .where({ provider: "medusa", deleted_at: null })
      .whereIn("account_id", [...new Set(accountIds)])
      .orderBy([{ column: "created_at", order: "desc" }, { column: "id", order: "desc" }])
      .select("account_id", "external_id")
    for (const row of rows) {
      map.set(row.account_id, row.external_id) // oldest wins: rows come newest first
    }
    return map
  }
}
