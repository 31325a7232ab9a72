import { generateEntityId, MedusaError } from "@medusajs/framework/utils"
import type { MemberIdentityInput } from "../../../types/loyalty"
import type { Transaction } from "../ledger/ledger-store"
import type { LedgerWriter } from "../ledger/ledger-writer"
import { ACCOUNT, type AccountRow, IDENTITY, type MemberStore, newReferralCode } from "./member-store"

export function normaliseEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase()
  return trimmed ? trimmed : null
}

/**
 * Finds or makes the account of a person known to a provider, keeping the
 * rule "one person, one account": an identity whose verified email another
 * account's identity shares joins that account, and two accounts that turn
 * out to share a verified email are merged (the older stays) through the
 * ledger. Unverified emails never join anything: anyone can type an email.
 */
export class MemberDirectory {
  constructor(
    private readonly members: MemberStore,
    private readonly writer: LedgerWriter
  ) {}

  async ensure(trx: Transaction, input: MemberIdentityInput): Promise<AccountRow> {
    const externalId = String(input.external_id ?? "").trim()
    if (!externalId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "external_id is required")
    }
    const email = normaliseEmail(input.email)
    const verified = !!email && !!input.email_verified
    // Advisory locks, always the provider id first, then the email: two
    // first requests of one person (or of two providers' views of one
    // person) wait for each other instead of making two accounts.
    await this.members.lockIdentityKey(trx, `${input.provider}:${externalId}`)
    if (verified) {
      await this.members.lockIdentityKey(trx, `email:${email}`)
    }

    const identity = await this.members.findIdentity(trx, input.provider, externalId)
    if (identity) {
      if (input.email !== undefined && (identity.email !== email || identity.email_verified !== verified)) {
        await this.members.updateIdentityEmail(trx, identity.id, email, verified)
      }
      const account = (await this.members.followMerges(trx, identity.account_id))!
      return verified ? await this.joinSameEmail(trx, account, email!) : account
    }

    const sameEmail = verified ? await this.members.findAccountsByVerifiedEmail(trx, email!) : []
    const account = sameEmail[0] ?? (await this.members.insertAccount(trx))
    await this.members.insertIdentity(trx, {
      account_id: account.id,
      provider: input.provider,
      external_id: externalId,
      email,
      email_verified: verified,
    })
    // read again: the row now has its identity (and its customer id)
    const stored = (await this.members.findAccountById(trx, account.id))!
    return verified ? await this.joinSameEmail(trx, stored, email!) : stored
  }

  /** Merges every other account holding `email` verified with `account`; the oldest stays. */
  private async joinSameEmail(trx: Transaction, account: AccountRow, email: string): Promise<AccountRow> {
    const others = await this.members.findAccountsByVerifiedEmail(trx, email, account.id)
    if (!others.length) {
      return account
    }
    const [survivor, ...rest] = [account, ...others].sort(
      (a, b) => +new Date(a.created_at) - +new Date(b.created_at) || a.id.localeCompare(b.id)
    )
    let standing = survivor
    for (const other of rest) {
      standing = (
        await this.writer.merge(trx, {
          from_account_id: other.id,
          into_account_id: survivor.id,
          actor_type: "system",
          actor_id: "kapy-same-verified-email",
          note: "Same verified email",
        })
      ).account
    }
    return standing
  }

  /**
   * The bulk path of `ensure` for people of one provider who have no
   * identity yet (a batch of Shopify orders' new customers): their accounts
   * and identities in two inserts, under the same advisory keys as
   * `ensure` (all the provider keys in sorted order, then the verified
   * emails'). Whoever `ensure` would treat otherwise is `left` for it, one
   * by one: an identity made meanwhile, a verified email another account
   * (or another person of this call) holds, a referral code that clashed.
   * About six statements for the whole set, whatever its size.
   */
  async ensureNewInBulk(
    trx: Transaction,
    inputs: MemberIdentityInput[]
  ): Promise<{ created: Map<string, AccountRow>; left: MemberIdentityInput[] }> {
    const created = new Map<string, AccountRow>()
    const byId = new Map<string, MemberIdentityInput>()
    for (const input of inputs) {
      const externalId = String(input.external_id ?? "").trim()
      if (!externalId) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "external_id is required")
      }
      byId.set(externalId, { ...input, external_id: externalId })
    }
    const people = [...byId.values()]
    if (!people.length) {
      return { created, left: [] }
    }
    const provider = people[0].provider
    if (people.some((p) => p.provider !== provider)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "ensureNewInBulk takes the people of one provider")
    }
    const emailOf = (p: MemberIdentityInput) => normaliseEmail(p.email)
    const verifiedOf = (p: MemberIdentityInput) => !!emailOf(p) && !!p.email_verified
    const lock = (keys: string[]) =>
      trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended(k, 7)) FROM unnest(?::text[]) AS k ORDER BY k`, [
        [...new Set(keys)].sort().map((k) => `kapy-identity:${k}`),
      ])
    await lock(people.map((p) => `${provider}:${p.external_id}`))
    const verifiedEmails = people.filter(verifiedOf).map((p) => emailOf(p)!)
    if (verifiedEmails.length) {
      await lock(verifiedEmails.map((e) => `email:${e}`))
    }

    const left: MemberIdentityInput[] = []
    const known = new Set<string>(
      await trx(IDENTITY).where({ provider, deleted_at: null }).whereIn("external_id", people.map((p) => p.external_id)).pluck("external_id")
    )
    const held = new Set<string>(
      verifiedEmails.length
        ? await trx(IDENTITY).where({ email_verified: true, deleted_at: null }).whereIn("email", [...new Set(verifiedEmails)]).distinct().pluck("email")
        : []
    )
    const seen = new Map<string, number>()
    verifiedEmails.forEach((e) => seen.set(e, (seen.get(e) ?? 0) + 1))
    const fresh = people.filter((p) => {
      const email = emailOf(p)
      const alone = !known.has(p.external_id) && !(verifiedOf(p) && (held.has(email!) || seen.get(email!)! > 1))
      if (!alone) {
        left.push(p)
      }
      return alone
    })
    if (!fresh.length) {
      return { created, left }
    }

    const drafts = fresh.map((p) => ({ person: p, id: generateEntityId(undefined, "kacc"), code: newReferralCode() }))
    const inserted = await trx.raw(
      `INSERT INTO ${ACCOUNT} (id, referral_code) SELECT * FROM unnest(?::text[], ?::text[])
       ON CONFLICT DO NOTHING RETURNING *`,
      [drafts.map((d) => d.id), drafts.map((d) => d.code)] as any
    )
    const rows = new Map<string, AccountRow>(inserted.rows.map((r: AccountRow) => [r.id, r]))
    const made = drafts.filter((d) => rows.has(d.id))
    left.push(...drafts.filter((d) => !rows.has(d.id)).map((d) => d.person))
    if (made.length) {
      await trx(IDENTITY).insert(
        made.map((d) => ({
          id: generateEntityId(undefined, "kidn"),
          account_id: d.id,
          provider,
          external_id: d.person.external_id,
          email: emailOf(d.person),
          email_verified: verifiedOf(d.person),
        }))
      )
    }
    for (const d of made) {
      created.set(d.person.external_id, rows.get(d.id)!)
    }
    return { created, left }
  }
}
