import { MedusaError } from "@medusajs/framework/utils"
import type { MemberIdentityInput } from "../../../types/loyalty"
import type { Transaction } from "../ledger/ledger-store"
import type { LedgerWriter } from "../ledger/ledger-writer"
import type { AccountRow, MemberStore } from "./member-store"

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
}
