import { MedusaError } from "@medusajs/framework/utils"
import type { IdentityProvider, LedgerActorType } from "../../../types/loyalty"
import type { MemberErasureResult } from "../../../types/privacy"
import type { LedgerStore, Transaction } from "../ledger/ledger-store"
import type { LedgerWriter } from "../ledger/ledger-writer"
import type { AccountRow, MemberStore } from "../members/member-store"
import type { PrivacyStore } from "./privacy-store"

const DAY_MS = 86_400_000

/**
 * Leaving the program and erasing a person, inside the caller's
 * transaction. Neither edits an entry: leaving forfeits the balance by a
 * new `forfeit` entry; erasing removes what names the person (identities,
 * birthday, claim handles, consents) and leaves balances, entries and lots
 * as they were, so reconcile and the reports do not move.
 */
export class MemberPrivacy {
  constructor(
    private readonly members: MemberStore,
    private readonly ledger: LedgerStore,
    private readonly writer: LedgerWriter,
    private readonly privacy: PrivacyStore
  ) {}

  /**
   * Closes the member's account: what is available and pending is forfeited
   * by one `forfeit` entry (a debt stays a debt: nothing is credited), and
   * the data is due for erasure `retentionDays` later. Idempotent: leaving
   * again answers the closed account.
   */
  async leave(
    trx: Transaction,
    accountId: string,
    input: { now: Date; retention_days: number; actor_type: LedgerActorType; actor_id: string | null }
  ): Promise<{ account: AccountRow; entry_id: string | null; replayed: boolean }> {
    const current = await this.members.lockLiveAccount(trx, accountId)
    if (current.status === "closed") {
      return { account: current, entry_id: null, replayed: true }
    }
    const outcome = await this.writer.withLockedAccount(trx, current.id, `forfeit:${current.id}`, async (account, keys) => {
      const available = Math.max(0, account.points_balance)
      const pending = account.points_pending
      if (!available && !pending) {
        return null
      }
      if (available) {
        await this.ledger.consumeLots(trx, account.id, available)
      }
      await this.privacy.emptyPendingLots(trx, account.id)
      return await this.ledger.appendEntry(trx, account, {
        ...keys,
        reason: "forfeit",
        available_delta: -available,
        pending_delta: -pending,
        lifetime_delta: 0,
        redeemed_delta: 0,
        source_type: "account",
        source_id: account.id,
        actor_type: input.actor_type,
        actor_id: input.actor_id,
        note: "The member left the program",
      })
    })
    await this.privacy.markClosed(trx, current.id, input.now, new Date(input.now.getTime() + input.retention_days * DAY_MS))
    return {
      account: (await this.members.findAccountById(trx, current.id))!,
      entry_id: outcome.entry?.id ?? null,
      replayed: false,
    }
  }

  /**
   * Erases a person: one identity (`customer.deleted`: that Medusa
   * customer; Shopify's `customers/redact`: that Shopify customer), or every
   * identity of an account (an admin's request, the end of a departed
   * member's retention). An account left with no identity is anonymised
   * too. The ledger is not touched. Null when there was nothing to erase.
   */
  async erase(
    trx: Transaction,
    target:
      | { customer_id: string; whole_member: boolean }
      | { provider: IdentityProvider; external_id: string; whole_member: boolean }
      | { account_id: string },
    now: Date
  ): Promise<MemberErasureResult | null> {
    let accountIds: string[]
    let erased: { account_id: string; customer_id: string | null; provider: string; external_id: string }[]
    if (!("account_id" in target)) {
      const [provider, externalId] =
        "customer_id" in target ? (["medusa", target.customer_id] as const) : [target.provider, target.external_id]
      // the same advisory key as MemberDirectory.ensure: an erasure and the person's first request wait for each other
      await this.members.lockIdentityKey(trx, `${provider}:${externalId}`)
      const identity = await this.members.findIdentity(trx, provider, externalId)
      if (!identity) {
        return null
      }
      accountIds = await this.memberAccountIds(trx, identity.account_id)
      erased = await this.privacy.eraseIdentities(trx, target.whole_member ? { accountIds } : { provider, externalId })
    } else {
      const account = await this.members.findAccountById(trx, target.account_id)
      if (!account) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Loyalty account ${target.account_id} was not found`)
      }
      accountIds = await this.memberAccountIds(trx, account.id)
      erased = await this.privacy.eraseIdentities(trx, { accountIds })
    }
    const anonymised = (await this.privacy.countLiveIdentities(trx, accountIds)) === 0
    if (anonymised) {
      await this.privacy.anonymiseAccounts(trx, accountIds, now)
    }
    return {
      account_ids: accountIds,
      customer_ids: [...new Set(erased.map((e) => e.customer_id).filter((c): c is string => !!c))],
      shopify_customer_ids: [...new Set(erased.filter((e) => e.provider === "shopify").map((e) => e.external_id))],
      anonymised_account_ids: anonymised ? accountIds : [],
    }
  }

  /** The account that stands for `accountId` and the accounts merged into it: one person. */
  private async memberAccountIds(trx: Transaction, accountId: string): Promise<string[]> {
    const root = (await this.members.followMerges(trx, accountId))?.id ?? accountId
    const merged: string[] = await trx("kapy_account").where({ merged_into_id: root }).pluck("id")
    return [root, ...merged]
  }
}
