import { Context, DAL } from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MathBN,
  MedusaService,
} from "@medusajs/framework/utils"
import { birthdayDaysOn, parseBirthday } from "../../rules/birthdays"
import { expiryClockStart } from "../../rules/expiry"
import { isPending } from "../../rules/pending"
import { pointsProblem, POINTS_PROBLEM_MESSAGES } from "../../rules/points"
import {
  monthStart,
  normaliseReferralCode,
  referralRejection,
  ReferralVoidReason,
  weekBefore,
} from "../../rules/referrals"
import {
  earnMultiplier,
  qualifyingSpend,
  qualifyingValue,
  tierProgress,
  tierWindowStart,
} from "../../rules/tiers"
import {
  AccountDrift,
  AdjustPointsInput,
  BulkPointsResult,
  BulkPointsWrite,
  CartRedemption,
  EARN_REASONS,
  EarnPointsInput,
  LedgerResult,
  LoyaltyAccountDTO,
  LoyaltyEntryDTO,
  LoyaltyTierDTO,
  MemberContext,
  MemberIdentityInput,
  MemberRef,
  MergeAccountsInput,
  MergeAccountsResult,
  OrderEarningRecord,
  ReconcileReport,
  ReleasePendingInput,
  ReversePointsInput,
  SPEND_REASONS,
  SpendPointsInput,
  TierChange,
  TierStanding,
  VoidEntryInput,
} from "../../types/loyalty"
import type {
  ApplyReferralInput,
  ApplyReferralResult,
  FriendReward,
  LoyaltyReferralDTO,
} from "../../types/referrals"
import {
  claimAwardKey,
  customClaimRefusal,
  periodStart,
  socialAutoApproves,
} from "../../rules/awards"
import type { ClaimDecisionResult, LoyaltyActionDTO, LoyaltyClaimDTO, SubmitClaimInput } from "../../types/awards"
import { ClaimRow, ClaimStore } from "./claims/claim-store"
import type { LoyaltyModuleOptions } from "../../types/plugin"
import { conflictError } from "./errors"
import { activeExpiry, expireAccounts } from "./expiry/expiry-runner"
import { ActiveExpiry, ExpiryNoticeRow, ExpiryStore } from "./expiry/expiry-store"
import { MemberPrivacy } from "./privacy/member-privacy"
import { PrivacyStore } from "./privacy/privacy-store"
import { NotificationStore } from "./notifications/notification-store"
import { MemberImportStore } from "./imports/member-import-store"
import { StampCompletionRow, StampCardRow, StampStore } from "./stamps/stamp-store"
import { stampCardProblem, StampCardReward, StampCardTrigger, stampProgress } from "../../rules/stamps"
import { memberImportKey } from "../../rules/member-import"
import type { ImportMemberInput, ImportMemberResult, NewImportedMember } from "./imports/member-import-store"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { ConsentPurpose, LoyaltyConsentDTO, IdentityErasureResult, MemberErasureResult, RecordConsentsInput } from "../../types/privacy"
import type { LedgerActorType } from "../../types/loyalty"
import { EntryRow, LedgerStore, Transaction } from "./ledger/ledger-store"
import { EntryContext, LedgerWriter, PointsMove, WriteOutcome } from "./ledger/ledger-writer"
import { BatchOutcome, LedgerBatchWriter } from "./ledger/ledger-batch"
import { MemberDirectory, normaliseEmail } from "./members/member-directory"
import { AccountRow, IdentityRow, MemberStore } from "./members/member-store"
import {
  LoyaltyAccount,
  LoyaltyAction,
  LoyaltyCampaign,
  LoyaltyClaim,
  LoyaltyEntry,
  LoyaltyIdentity,
  LoyaltyLot,
  LoyaltyProgram,
  LoyaltyReferral,
  LoyaltyTier,
  LoyaltyTierQualification,
  LoyaltyEarlyAccess,
} from "./models"
import {
  DEFAULT_TIERS,
  layerProgramSettings,
  ProgramSettings,
  programSettingsSchema,
  resolveProgramSettings,
} from "./program/program-settings"
import { ProgramStore } from "./program/program-store"
import { ProgramCache, ProgramCampaign, ProgramSnapshot, SharedCache } from "./program/program-cache"
import { LedgerReads, ReconcileRow, StandingEntry } from "./reads/ledger-reads"
import { ReferralRow, ReferralStore } from "./referrals/referral-store"
import { TierEngine, TierEvaluationResult, TierInput } from "./tiers/tier-engine"
import { TierBatchStore, TierStore } from "./tiers/tier-store"

export type { LoyaltyModuleOptions }

const DEFAULT_PROGRAM_HANDLE = "default"
const REVERSIBLE_REASONS = new Set<string>([...EARN_REASONS, ...SPEND_REASONS, "adjustment"])

type InjectedDependencies = {
  baseRepository: DAL.RepositoryService
  /** Medusa's caching module (`Modules.CACHING`), when the app configures one. */
  caching?: SharedCache
}

/**
 * Kapy's loyalty module: the program, its tiers, members (accounts and the
 * identities that say who they are) and the points ledger.
 *
 * This class is the module's one façade. It opens transactions and checks
 * input; the work is done by collaborators of their own files:
 * `LedgerWriter` (every balance change, under the account's row lock),
 * `MemberStore` and `MemberDirectory` (accounts, identities, merges of one
 * person's accounts), `ProgramStore` (settings and default tiers) and
 * `LedgerReads` (what the ledger says: a cart's redemption, an order's
 * earning, tier metrics, reconcile).
 *
 * Every balance change goes through `earnPoints`, `spendPoints`,
 * `adjustPoints`, `reversePoints`, `reversePointsUpTo`, `voidEntry`,
 * `releasePendingPoints` or `mergeAccounts`. The generated writers of
 * entries, accounts, lots and identities refuse: they would move balances
 * or owners without an entry.
 */
export default class LoyaltyModuleService extends MedusaService({
  LoyaltyAccount,
  LoyaltyAction,
  LoyaltyCampaign,
  LoyaltyClaim,
  LoyaltyEntry,
  LoyaltyIdentity,
  LoyaltyLot,
  LoyaltyProgram,
  LoyaltyReferral,
  LoyaltyTier,
  LoyaltyTierQualification,
  LoyaltyEarlyAccess,
}) {
  protected readonly baseRepository_: DAL.RepositoryService
  protected readonly options_: LoyaltyModuleOptions
  protected readonly ledger_ = new LedgerStore()
  protected readonly members_ = new MemberStore()
  protected readonly writer_ = new LedgerWriter(this.ledger_, this.members_)
  protected readonly directory_ = new MemberDirectory(this.members_, this.writer_)
  protected readonly program_ = new ProgramStore()
  protected readonly reads_ = new LedgerReads(this.ledger_)
  protected readonly referrals_ = new ReferralStore()
  protected readonly claims_ = new ClaimStore()
  protected readonly tiers_ = new TierStore()
  protected readonly tierBatch_ = new TierBatchStore()
  protected readonly tierEngine_ = new TierEngine(this.tierBatch_, this.members_)
  protected readonly expiry_ = new ExpiryStore()
  protected readonly privacyStore_ = new PrivacyStore()
  protected readonly memberPrivacy_ = new MemberPrivacy(this.members_, this.ledger_, this.writer_, this.privacyStore_)
  protected readonly notifications_ = new NotificationStore()
  protected readonly imports_ = new MemberImportStore()
  protected readonly batch_ = new LedgerBatchWriter(this.ledger_, this.members_, this.writer_)
  protected readonly stamps_ = new StampStore()
  /** The program's definition, cached by its generation (see ProgramCache). */
  protected readonly programCache_: ProgramCache

  constructor(dependencies: InjectedDependencies, options: LoyaltyModuleOptions = {}) {
    // @ts-ignore MedusaService takes the same arguments
    super(...arguments)
    this.baseRepository_ = dependencies.baseRepository
    // resolved on first use: the caching module may load after this one, or not at all
    this.programCache_ = new ProgramCache(DEFAULT_PROGRAM_HANDLE, () => dependencies.caching)
    this.options_ = options ?? {}
    // Fail at startup, naming the field, rather than at the first request.
    const check = programSettingsSchema.safeParse(
      layerProgramSettings(programSettingsSchema.parse({}), this.options_.program)
    )
    if (!check.success) {
      throw invalid(`Invalid Kapy plugin option "program": ${describeIssues(check.error.issues)}`)
    }
  }

  // ---------------------------------------------------------------------
  // The generated writers would bypass balances, locks and entries: refused.
  // ---------------------------------------------------------------------

  // @ts-expect-error the generated signature is replaced on purpose
  async createLoyaltyEntries(): Promise<never> {
    throw refused("Loyalty ledger entries are created through earnPoints, spendPoints, adjustPoints, reversePoints, voidEntry or mergeAccounts")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async updateLoyaltyEntries(): Promise<never> {
    throw refused("Loyalty ledger entries are never updated: record a correcting entry instead")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async deleteLoyaltyEntries(): Promise<never> {
    throw refused("Loyalty ledger entries are never deleted: record a correcting entry instead")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async softDeleteLoyaltyEntries(): Promise<never> {
    throw refused("Loyalty ledger entries are never deleted: record a correcting entry instead")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async createLoyaltyAccounts(): Promise<never> {
    throw refused("Loyalty accounts are created with ensureMember (or by the first ledger write of a customer)")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async updateLoyaltyAccounts(): Promise<never> {
    throw refused("Loyalty account balances change only through ledger entries; the birthday through setBirthday")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async deleteLoyaltyAccounts(): Promise<never> {
    throw refused("Loyalty accounts are never deleted: their history stays (merge or erase the member instead)")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async softDeleteLoyaltyAccounts(): Promise<never> {
    throw refused("Loyalty accounts are never deleted: their history stays (merge or erase the member instead)")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async restoreLoyaltyAccounts(): Promise<never> {
    throw refused("Loyalty accounts are never deleted, so there is nothing to restore")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async createLoyaltyLots(): Promise<never> {
    throw refused("Points lots are written by the ledger with the entry that credits them")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async updateLoyaltyLots(): Promise<never> {
    throw refused("Points lots are written by the ledger with the entry that moves them")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async deleteLoyaltyLots(): Promise<never> {
    throw refused("Points lots are written by the ledger with the entry that moves them")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async softDeleteLoyaltyLots(): Promise<never> {
    throw refused("Points lots are written by the ledger with the entry that moves them")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async createLoyaltyIdentities(): Promise<never> {
    throw refused("Member identities are created with ensureMember")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async updateLoyaltyIdentities(): Promise<never> {
    throw refused("Member identities move only with ensureMember or mergeAccounts")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async deleteLoyaltyIdentities(): Promise<never> {
    throw refused("Member identities are removed only by erasing the member")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async softDeleteLoyaltyIdentities(): Promise<never> {
    throw refused("Member identities are removed only by erasing the member")
  }

  // @ts-expect-error the generated signature is replaced on purpose
  async createLoyaltyReferrals(): Promise<never> {
    throw refused("Referrals are recorded with applyReferral, which runs the fraud rules")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async updateLoyaltyReferrals(): Promise<never> {
    throw refused("Referrals change only through their own operations (approve, record an order, complete, void)")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async deleteLoyaltyReferrals(): Promise<never> {
    throw refused("Referrals are kept, rejected ones too, for admins to see")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async softDeleteLoyaltyReferrals(): Promise<never> {
    throw refused("Referrals are kept, rejected ones too, for admins to see")
  }

  // @ts-expect-error the generated signature is replaced on purpose
  async createLoyaltyClaims(): Promise<never> {
    throw refused("Claims are made with submitClaim, which applies the program's limits")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async updateLoyaltyClaims(): Promise<never> {
    throw refused("Claims are decided with approveClaim or rejectClaim, once")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async deleteLoyaltyClaims(): Promise<never> {
    throw refused("Claims are kept: their award entries point at them")
  }

  // ---------------------------------------------------------------------
  // Program
  // ---------------------------------------------------------------------

  /**
   * The shop's program settings, created with the defaults (PRODUCT.md's,
   * then the plugin's `program` option) and the default tiers on first use.
   */
  @InjectManager()
  async retrieveProgramSettings(@MedusaContext() sharedContext: Context = {}): Promise<ProgramSettings> {
    return (await this.retrieveProgram({}, sharedContext)).settings
  }

  /**
   * The program's definition — settings, tiers (lowest first), stamp
   * cards, custom actions, recent campaigns — from the cache while the
   * program's generation is `token` (read by the caller's own statement,
   * as `retrieveMemberContext` does) or, without one, the current
   * generation (one indexed row). A change committed by any process is
   * seen by the next read (see ProgramCache). Frozen: do not change it.
   * Creates the program with its defaults on first use.
   */
  @InjectManager()
  async retrieveProgram(
    { token }: { token?: string | null } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ProgramSnapshot & { settings: ProgramSettings }> {
    const snapshot = await this.programCache_.snapshot(knexOf(sharedContext), token)
    if (snapshot.settings) {
      return snapshot as ProgramSnapshot & { settings: ProgramSettings }
    }
    await this.createDefaultProgram_(sharedContext)
    return (await this.programCache_.snapshot(knexOf(sharedContext))) as ProgramSnapshot & { settings: ProgramSettings }
  }

  @InjectTransactionManager()
  protected async createDefaultProgram_(@MedusaContext() sharedContext: Context = {}): Promise<ProgramSettings> {
    const trx = transactionOf(sharedContext)
    const initial = resolveProgramSettings(this.options_.program)
    initial.expiry.since = expiryClockStart(null, initial.expiry, new Date())
    const created = await this.program_.insertProgramIfMissing(trx, DEFAULT_PROGRAM_HANDLE, initial)
    if (created) {
      await this.program_.insertTiers(trx, DEFAULT_TIERS)
    }
    // another process may have won the race: read what is stored
    const stored = await this.program_.findProgram(trx, DEFAULT_PROGRAM_HANDLE)
    return resolveProgramSettings(stored!.settings)
  }

  /**
   * Changes program settings. `patch` layers over the current settings
   * section by section; the result must validate as a whole or nothing is
   * written.
   */
  @InjectTransactionManager()
  async updateProgramSettings(
    patch: Record<string, unknown>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ProgramSettings> {
    const current = await this.retrieveProgramSettings(sharedContext)
    const result = programSettingsSchema.safeParse(layerProgramSettings(current, patch))
    if (!result.success) {
      throw invalid(`Invalid program settings: ${describeIssues(result.error.issues)}`)
    }
    // the expiry clock starts when expiry is switched on, never from a caller's date
    result.data.expiry.since = expiryClockStart(current.expiry, result.data.expiry, new Date())
    await this.program_.updateProgram(transactionOf(sharedContext), DEFAULT_PROGRAM_HANDLE, result.data)
    return result.data
  }

  // ---------------------------------------------------------------------
  // Members
  // ---------------------------------------------------------------------

  /**
   * The account of a person known to a provider, created with its identity
   * on first need. One person, one account: an identity whose verified
   * email another account's identity shares joins that account, and two
   * accounts found to share one are merged (the older stays). Safe to call
   * concurrently for the same person.
   */
  @InjectTransactionManager()
  async ensureMember(
    identity: MemberIdentityInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyAccountDTO> {
    return toAccountDTO(await this.directory_.ensure(transactionOf(sharedContext), identity))
  }

  /**
   * The accounts of many people of one provider (a batch of Shopify
   * orders' customers), by external id, as `ensureMember` gives each: the
   * ones with an identity read in two statements, the new ones made in
   * bulk (`MemberDirectory.ensureNewInBulk`); whoever the bulk path leaves
   * (a verified email to join, a clash) goes through `ensureMember`'s own
   * path, in the same transaction.
   */
  @InjectTransactionManager()
  async ensureMembersInBulk(
    identities: MemberIdentityInput[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, LoyaltyAccountDTO>> {
    const trx = transactionOf(sharedContext)
    const found = new Map<string, LoyaltyAccountDTO>()
    if (!identities.length) {
      return found
    }
    const provider = identities[0].provider
    const ids = [...new Set(identities.map((i) => String(i.external_id)))]
    const known = await this.members_.findAccountsByIdentities(trx, provider, ids)
    const fresh: MemberIdentityInput[] = []
    const left: MemberIdentityInput[] = []
    for (const identity of identities) {
      const stored = known.get(String(identity.external_id))
      const email = normaliseEmail(identity.email)
      if (!stored) {
        fresh.push(identity)
      } else if (identity.email !== undefined && (stored.email !== email || stored.email_verified !== (!!email && !!identity.email_verified))) {
        // a changed email: ensure updates the identity (and joins a verified one)
        left.push(identity)
      } else {
        found.set(String(identity.external_id), toAccountDTO(stored.account))
      }
    }
    const bulk = await this.directory_.ensureNewInBulk(trx, fresh)
    bulk.created.forEach((row, externalId) => found.set(externalId, toAccountDTO(row)))
    left.push(...bulk.left)
    for (const identity of left) {
      if (!found.has(String(identity.external_id))) {
        found.set(String(identity.external_id), toAccountDTO(await this.directory_.ensure(trx, identity)))
      }
    }
    return found
  }

  /**
   * A Medusa customer's account, created on first need with the customer's
   * identity; the email counts as verified only when the shop says Medusa's
   * emails are (the `medusa_emails_verified` option), and then joins the
   * account of a Shopify customer with the same verified email.
   */
  @InjectTransactionManager()
  async ensureCustomerMember(
    customer: { id: string; email?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyAccountDTO> {
    requireId(customer?.id, "customer id")
    const account = await this.directory_.ensure(transactionOf(sharedContext), {
      provider: "medusa",
      external_id: customer.id,
      email: customer.email ?? null,
      email_verified: !!this.options_.medusa_emails_verified,
    })
    return toAccountDTO(account)
  }

  /** A Medusa customer's account, created on first need (the customer's email is not used). */
  @InjectTransactionManager()
  async retrieveOrCreateAccount(
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyAccountDTO> {
    requireId(customerId, "customer_id")
    return toAccountDTO(await this.directory_.ensure(transactionOf(sharedContext), { provider: "medusa", external_id: customerId }))
  }

  /** The member's account (following merges), or null; never creates one. One statement. */
  @InjectManager()
  async retrieveMember(ref: MemberRef, @MedusaContext() sharedContext: Context = {}): Promise<LoyaltyAccountDTO | null> {
    return (await this.retrieveMemberContext(ref, sharedContext)).account
  }

  /**
   * The member a request is about, resolved in one statement: their
   * account after merges (null: none yet), the accounts whose records are
   * theirs, and the program generation for `retrieveProgram({ token })`.
   * By account id, Medusa customer id or a provider's identity. Read it
   * once per request and pass it to the reads that take a `MemberContext`
   * (tier standing, stamp cards, referrals, record pages): none of them
   * resolves the member again. Never creates an account.
   */
  @InjectManager()
  async retrieveMemberContext(
    ref: MemberRef | Pick<MemberIdentityInput, "provider" | "external_id">,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<MemberContext> {
    const base =
      "provider" in ref && ref.provider
        ? (requireId(ref.external_id, "external_id"), { provider: ref.provider, external_id: ref.external_id })
        : (ref as MemberRef).account_id
          ? { account_id: (ref as MemberRef).account_id! }
          : (requireId((ref as MemberRef).customer_id, "account_id or customer_id"),
            { provider: "medusa" as const, external_id: (ref as MemberRef).customer_id! })
    const found = await this.members_.findMember(knexOf(sharedContext), base)
    const row = found.account as (AccountRow & { tier_since?: Date | null; tier_expires_at?: Date | null }) | undefined
    return {
      account: row ? toAccountDTO(row) : null,
      account_ids: row ? [row.id, ...found.merged_account_ids] : [],
      customer_id: row?.customer_id ?? ("customer_id" in ref && ref.customer_id ? ref.customer_id : null),
      tier_since: row?.tier_since ?? null,
      tier_expires_at: row?.tier_expires_at ?? null,
      program_token: found.program_token,
    }
  }

  /** The account of a person known to a provider (a Shopify customer id), or null; never creates one. */
  @InjectManager()
  async retrieveMemberByIdentity(
    identity: Pick<MemberIdentityInput, "provider" | "external_id">,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyAccountDTO | null> {
    requireId(identity?.external_id, "external_id")
    return (await this.retrieveMemberContext({ provider: identity.provider, external_id: identity.external_id }, sharedContext)).account
  }

  /**
   * Erases a person known to a provider (GDPR; Shopify's customers/redact)
   * by the same erasure as `eraseMember`: the identity goes, and when the
   * account has no identity left, what else could name the person
   * (birthday, claim handles, consents, the referral code, referral IP
   * hashes). The ledger is not touched: balances and totals stay exact.
   * Null when no such identity exists (already erased).
   */
  @InjectTransactionManager()
  async eraseMemberIdentity(
    identity: Pick<MemberIdentityInput, "provider" | "external_id">,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<IdentityErasureResult | null> {
    requireId(identity?.external_id, "external_id")
    const erased = await this.memberPrivacy_.erase(
      transactionOf(sharedContext),
      { provider: identity.provider, external_id: identity.external_id, whole_member: false },
      new Date()
    )
    return erased
      ? { account_id: erased.account_ids[0], account_anonymised: erased.anonymised_account_ids.length > 0 }
      : null
  }

  /** A Medusa customer's account, or null; never creates one. */
  async retrieveAccountByCustomer(customerId: string, sharedContext: Context = {}) {
    return await this.retrieveMember({ customer_id: customerId }, sharedContext)
  }

  /** The identities of an account: which customers of which providers it belongs to. */
  @InjectManager()
  async listMemberIdentities(accountId: string, @MedusaContext() sharedContext: Context = {}): Promise<IdentityRow[]> {
    return await this.members_.listIdentities(knexOf(sharedContext), accountId)
  }

  /** The account and the accounts merged into it: whose entries make up the member's history. */
  @InjectManager()
  async listMemberAccountIds(accountId: string, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    const merged = await this.listLoyaltyAccounts({ merged_into_id: accountId }, { select: ["id"] }, sharedContext)
    return [accountId, ...merged.map((a) => a.id)]
  }

  /** Account ids of these Medusa customers (for searches that start from customers). */
  @InjectManager()
  async listAccountIdsOfCustomers(customerIds: string[], @MedusaContext() sharedContext: Context = {}) {
    return await this.members_.accountIdsOfCustomers(knexOf(sharedContext), customerIds)
  }

  /**
   * Accounts whose identities' emails contain `term` (plain text), of every
   * provider: how an admin finds a member who only shops on Shopify.
   */
  @InjectManager()
  async listAccountIdsByEmail(term: string, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    return await this.members_.accountIdsByEmail(knexOf(sharedContext), term)
  }

  /** Each account's live identities (provider, id, email), oldest first; accounts without any are absent. */
  @InjectManager()
  async listIdentitiesOfAccounts(
    accountIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, IdentityRow[]>> {
    const byAccount = new Map<string, IdentityRow[]>()
    for (const row of await this.members_.identitiesOfAccounts(knexOf(sharedContext), accountIds)) {
      byAccount.set(row.account_id, [...(byAccount.get(row.account_id) ?? []), row])
    }
    return byAccount
  }

  /** Each account's Medusa customer id, for events and views (accounts without one are absent). */
  @InjectManager()
  async listCustomerIdsOfAccounts(accountIds: string[], @MedusaContext() sharedContext: Context = {}) {
    return await this.members_.customerIdsOfAccounts(knexOf(sharedContext), accountIds)
  }

  /**
   * Merges two accounts of one person: a pair of `merge` entries moves every
   * total (available, pending, lifetime, redeemed) out of `from` and into
   * `into`, with its lots and identities; `from` stays, empty, with its
   * history. Idempotent: the same merge again changes nothing.
   */
  @InjectTransactionManager()
  async mergeAccounts(
    input: MergeAccountsInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<MergeAccountsResult> {
    requireId(input.from_account_id, "from_account_id")
    requireId(input.into_account_id, "into_account_id")
    const result = await this.writer_.merge(transactionOf(sharedContext), input)
    return { account: toAccountDTO(result.account), entries: result.entries.map(toEntryDTO), replayed: result.replayed }
  }

  /**
   * Sets the member's birthday (a calendar date, YYYY-MM-DD). A member sets
   * it once; changing it takes `overwrite` (an admin), so the birthday bonus
   * cannot be collected twice a year by moving the date.
   */
  @InjectTransactionManager()
  async setBirthday(
    ref: MemberRef | string,
    birthday: string,
    { overwrite = false }: { overwrite?: boolean } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyAccountDTO> {
    const parsed = parseBirthday(birthday, new Date())
    if (parsed.problem) {
      throw invalid(parsed.problem)
    }
    const trx = transactionOf(sharedContext)
    const target = await this.accountFor_(trx, typeof ref === "string" ? { customer_id: ref } : ref)
    const account = await this.members_.lockLiveAccount(trx, target.id)
    const current = account.birthday ? new Date(account.birthday).toISOString().slice(0, 10) : null
    if (current === birthday) {
      return toAccountDTO(account)
    }
    if (current && !overwrite) {
      throw conflictError(`The birthday is already set to ${current}; only the shop can change it`)
    }
    await this.members_.updateBirthday(trx, account.id, parsed.date!)
    return toAccountDTO((await this.members_.findAccountById(trx, account.id))!)
  }

  /** Active accounts whose birthday is celebrated on `date` (UTC; 29 February on 28 February in common years). */
  @InjectManager()
  async listBirthdayAccountIds(date: Date, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    return await this.members_.birthdayAccountIds(knexOf(sharedContext), birthdayDaysOn(date))
  }

  // ---------------------------------------------------------------------
  // Tiers
  // ---------------------------------------------------------------------

  /**
   * The member's tier and progress to the next one. The tier is the one
   * stored on the account by the evaluation (O(1)); the progress is the
   * program's tier metric over its window, summed from what was recorded
   * (one indexed range read). Reads only: a customer without an account,
   * or not yet evaluated, stands where the metric puts them. Given a
   * member read already (`retrieveMemberContext`), the totals are its only
   * statement: the program comes from its cache by that read's generation.
   */
  @InjectManager()
  async retrieveTierStanding(
    ref: MemberRef | string | MemberContext,
    { now = new Date() }: { now?: Date } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<TierStanding> {
    const knex = knexOf(sharedContext)
    // a member read already (one statement) is not read again; the program comes from its cache
    const member = isMemberContext(ref)
      ? ref
      : await this.retrieveMemberContext(typeof ref === "string" ? { customer_id: ref } : ref, sharedContext)
    const { settings: program, tiers } = await this.retrieveProgram({ token: member.program_token }, sharedContext)
    const account = member.account
      ? { ...member.account, tier_since: member.tier_since, tier_expires_at: member.tier_expires_at }
      : undefined
    const totals = account
      ? (
          await this.tierBatch_.qualifyingTotals(knex, [account.id], tierWindowStart(program.tiers.window, now), {
            countAdjustments: program.tiers.count_adjustments,
            withPoints: program.tiers.metric === "points",
          })
        ).get(account.id)!
      : { points: 0, orders: 0, spend: "0" }
    const qualifying = qualifyingValue(program.tiers.metric, totals)
    const held = account?.tier_id ? tiers.find((t) => t.id === account.tier_id) : null
    const row = account as (LoyaltyAccountDTO & { tier_since?: Date | null; tier_expires_at?: Date | null }) | undefined
    const progress = tierProgress(tiers, qualifying, held)
    return {
      metric: program.tiers.metric,
      window: program.tiers.window,
      qualifying: MathBN.convert(qualifying).toNumber(),
      tier_since: held ? row?.tier_since ?? null : null,
      tier_expires_at: held ? row?.tier_expires_at ?? null : null,
      ...progress,
      next_tier: progress.next_tier
        ? { ...progress.next_tier, translations: tiers.find((t) => t.id === progress.next_tier!.id)?.translations ?? null }
        : null,
    }
  }

  /** The tiers, lowest first (cached with the program). */
  protected async listTiers_(sharedContext: Context): Promise<LoyaltyTierDTO[]> {
    return (await this.retrieveProgram({}, sharedContext)).tiers
  }

  /**
   * Records what an order placed or reversed contributes to the member's
   * tier metric: `amount` as paid in `currency_code`, converted to the tier
   * currency at the program's rates (kept, but not counted, when there is
   * no rate), and `orders` (+1 placed, -1 fully reversed). Once per
   * `idempotency_key`; returns whether it was recorded now. Creates the
   * member's account if needed.
   */
  @InjectTransactionManager()
  async recordTierQualification(
    input: {
      member: MemberRef
      kind: "placed" | "reversed"
      source_type: string
      source_id: string
      idempotency_key: string
      amount: string | number
      currency_code: string
      orders: number
      occurred_at?: Date
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ account_id: string; recorded: boolean }> {
    const trx = transactionOf(sharedContext)
    const program = await this.retrieveProgramSettings(sharedContext)
    const account = await this.accountFor_(trx, input.member)
    const spend = qualifyingSpend(input.amount, input.currency_code, program.tiers)
    const signed = spend === null ? null : input.kind === "reversed" ? MathBN.mult(spend, -1).toString() : spend
    const recorded = await this.tiers_.insertQualification(trx, {
      account_id: account.id,
      kind: input.kind,
      source_type: input.source_type,
      source_id: input.source_id,
      idempotency_key: input.idempotency_key,
      spend: signed,
      amount: String(input.amount),
      currency_code: input.currency_code.toLowerCase(),
      orders: input.orders,
      occurred_at: input.occurred_at ?? new Date(),
    })
    return { account_id: account.id, recorded }
  }

  /**
   * `recordTierQualification` of many placed orders at once (a batch of
   * Shopify orders), into accounts the caller names (merged ones are
   * followed): one program read, one account read and one insert, each
   * once per `idempotency_key`. Returns the keys recorded now.
   */
  @InjectTransactionManager()
  async recordTierQualificationsInBulk(
    inputs: {
      account_id: string
      source_type: string
      source_id: string
      idempotency_key: string
      amount: string | number
      currency_code: string
      orders: number
      occurred_at?: Date
    }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Set<string>> {
    if (!inputs.length) {
      return new Set()
    }
    const trx = transactionOf(sharedContext)
    const program = await this.retrieveProgramSettings(sharedContext)
    const live = await this.members_.liveAccountIds(trx, [...new Set(inputs.map((i) => i.account_id))])
    return await this.tiers_.insertQualifications(
      trx,
      inputs.map((input) => ({
        account_id: live.get(input.account_id) ?? input.account_id,
        kind: "placed" as const,
        source_type: input.source_type,
        source_id: input.source_id,
        idempotency_key: input.idempotency_key,
        spend: qualifyingSpend(input.amount, input.currency_code, program.tiers),
        amount: String(input.amount),
        currency_code: input.currency_code.toLowerCase(),
        orders: input.orders,
        occurred_at: input.occurred_at ?? new Date(),
      }))
    )
  }

  /**
   * Records what a reversal (refund, return, cancellation) takes back from
   * the member's tier metric: `total_amount` is everything given back for
   * the source so far (cumulative, so redelivered or split events never
   * take more), in the currency paid; the difference from what is recorded
   * already is recorded, dated `occurred_at` (the order's date: a refund
   * offsets the spend in the window the spend counted in). The order itself
   * stops counting once `fully_reversed`. Under the account's row lock.
   */
  @InjectTransactionManager()
  async recordTierReversal(
    input: {
      member: MemberRef
      source_type: string
      source_id: string
      total_amount: string
      currency_code: string
      fully_reversed: boolean
      occurred_at: Date
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ account_id: string; recorded: boolean } | null> {
    const trx = transactionOf(sharedContext)
    const found = await this.findAccount_(trx, input.member)
    if (!found) {
      return null
    }
    const account = await this.members_.lockLiveAccount(trx, found.id)
    const already = await this.tierBatch_.reversedAmount(trx, account.id, input.source_type, input.source_id)
    const amount = MathBN.max(MathBN.sub(input.total_amount, already.amount), 0)
    const orders = input.fully_reversed && already.orders === 0 ? -1 : 0
    if (MathBN.eq(amount, 0) && orders === 0) {
      return { account_id: account.id, recorded: false }
    }
    const program = await this.retrieveProgramSettings(sharedContext)
    const spend = qualifyingSpend(amount, input.currency_code, program.tiers)
    const recorded = await this.tiers_.insertQualification(trx, {
      account_id: account.id,
      kind: "reversed",
      source_type: input.source_type,
      source_id: input.source_id,
      idempotency_key: `tier-reversed:${input.source_type}:${input.source_id}:${input.total_amount}:${input.fully_reversed ? 1 : 0}`,
      spend: spend === null ? null : MathBN.mult(spend, -1).toString(),
      amount: amount.toString(),
      currency_code: input.currency_code.toLowerCase(),
      orders,
      occurred_at: input.occurred_at,
    })
    return { account_id: account.id, recorded }
  }

  /** Removes what a failed workflow recorded under `idempotency_key` (its compensation). */
  @InjectTransactionManager()
  async discardTierQualification(idempotencyKey: string, @MedusaContext() sharedContext: Context = {}) {
    await this.tierBatch_.deleteQualification(transactionOf(sharedContext), idempotencyKey)
  }

  /**
   * Evaluates the member's tier at `now` under the account's row lock
   * (two workers evaluating one account serialise; the second finds the
   * first's result and changes nothing) and stores it on the account.
   * Returns the change, if the held tier changed: the caller emits
   * `loyalty.tier_changed` for it, once. Null for a customer with no account.
   */
  @InjectTransactionManager()
  async evaluateMemberTier(
    ref: MemberRef,
    { now = new Date() }: { now?: Date } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<TierEvaluationResult | null> {
    const trx = transactionOf(sharedContext)
    const found = await this.findAccount_(trx, ref)
    if (!found) {
      return null
    }
    const live = await this.members_.lockLiveAccount(trx, found.id)
    const [state] = await this.tierBatch_.lockTierStates(trx, [live.id])
    const { settings: program, tiers } = await this.retrieveProgram({}, sharedContext)
    const [result] = await this.tierEngine_.evaluate(trx, [state], now, program, tiers)
    return result
  }

  /**
   * Evaluates these accounts' tiers at `now` in one pass, as
   * `evaluateTierPage` does a page (their rows locked in id order, one
   * totals read, one write), following merges; returns the results
   * (`change` set where the held tier changed: the caller emits
   * `loyalty.tier_changed` for it). The batched Shopify earner's one
   * evaluation per batch.
   */
  @InjectTransactionManager()
  async evaluateAccountTiers(
    accountIds: string[],
    { now = new Date() }: { now?: Date } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<TierEvaluationResult[]> {
    if (!accountIds.length) {
      return []
    }
    const trx = transactionOf(sharedContext)
    const live = await this.members_.liveAccountIds(trx, [...new Set(accountIds)])
    const [program, tiers] = await Promise.all([this.retrieveProgramSettings(sharedContext), this.listTiers_(sharedContext)])
    const states = await this.tierBatch_.lockTierStates(trx, [...new Set(live.values())])
    return await this.tierEngine_.evaluate(trx, states, now, program, tiers)
  }

  /**
   * Evaluates, at `now`, up to `limit` accounts whose tier may change
   * without anything new happening to them (a grace period or an override
   * ended, or qualifying history left the window), in one transaction.
   * Rows another worker holds are skipped, and accounts already evaluated
   * at `now` are not due: call again with `after_id` = the returned
   * `last_id` until it is null (one pass over the table). Safe to run
   * from several workers at once; each change is returned once.
   */
  @InjectTransactionManager()
  async evaluateDueTiers(
    { now = new Date(), limit = 500, after_id = null }: { now?: Date; limit?: number; after_id?: string | null } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ evaluated: number; changes: TierChange[]; last_id: string | null }> {
    const trx = transactionOf(sharedContext)
    const { settings: program, tiers } = await this.retrieveProgram({}, sharedContext)
    const { rows: states, last_id } = await this.tierBatch_.lockDueAccounts(trx, {
      now,
      window: program.tiers.window,
      entryTierId: tiers[0]?.id ?? null,
      metric: program.tiers.metric,
      limit: Math.max(1, Math.min(limit, 10_000)),
      afterId: after_id,
    })
    const results = await this.tierEngine_.evaluate(trx, states, now, program, tiers)
    return {
      evaluated: results.length,
      changes: results.flatMap((r) => (r.change ? [r.change] : [])),
      last_id,
    }
  }

  /**
   * Evaluates the page of accounts after `after_id` (id order, `limit` of
   * them) at `now`, in one transaction: the CLI's and the benchmark's walk
   * over every account. Rows another worker holds are skipped (the job
   * evaluates them). `last_id` is null after the last page.
   */
  @InjectTransactionManager()
  async evaluateTierPage(
    { after_id = null, limit = 500, now = new Date() }: { after_id?: string | null; limit?: number; now?: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ last_id: string | null; evaluated: number; results: TierEvaluationResult[] }> {
    const trx = transactionOf(sharedContext)
    const ids = await this.tierBatch_.accountIdsAfter(trx, after_id, Math.max(1, Math.min(limit, 10_000)))
    const { settings: program, tiers } = await this.retrieveProgram({}, sharedContext)
    const states = await this.tierBatch_.lockTierStates(trx, ids, true)
    const results = await this.tierEngine_.evaluate(trx, states, now, program, tiers)
    return { last_id: ids.length ? ids[ids.length - 1] : null, evaluated: results.length, results }
  }

  /** Account ids of the members who hold, earned or are overridden to a tier (to re-evaluate when it goes). */
  @InjectManager()
  async listTierHolderAccountIds(tierId: string, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    return await this.tierBatch_.holdersOf(knexOf(sharedContext), tierId)
  }

  /**
   * Sets (or with `override` null, ends) an admin's tier override: the
   * member holds at least `tier_id` until `until` (null: until ended),
   * attributed to `by`. Evaluates at once and returns the change.
   */
  @InjectTransactionManager()
  async setTierOverride(
    ref: MemberRef,
    override: { tier_id: string; until?: Date | null; reason: string; by?: string | null } | null,
    { now = new Date() }: { now?: Date } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<TierEvaluationResult> {
    const trx = transactionOf(sharedContext)
    if (override) {
      requireId(override.reason, "reason")
      const [tier] = await this.listLoyaltyTiers({ id: override.tier_id }, {}, sharedContext)
      if (!tier) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `tier_id: tier ${override.tier_id} was not found`)
      }
      if (override.until && override.until.getTime() <= now.getTime()) {
        throw invalid("until: must be in the future")
      }
    }
    const found = override ? await this.accountFor_(trx, ref) : await this.findAccount_(trx, ref)
    if (!found) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, "The customer has no loyalty account")
    }
    const live = await this.members_.lockLiveAccount(trx, found.id)
    await this.tierBatch_.setOverride(
      trx,
      live.id,
      override ? { tier_id: override.tier_id, until: override.until ?? null, reason: override.reason, by: override.by ?? null } : null
    )
    const [state] = await this.tierBatch_.lockTierStates(trx, [live.id])
    const { settings: program, tiers } = await this.retrieveProgram({}, sharedContext)
    const [result] = await this.tierEngine_.evaluate(trx, [state], now, program, tiers)
    return result
  }

  /**
   * Creates a tier, changes one (`id`), or deletes one (`delete`), checking
   * the whole set (exactly one entry tier at 0, thresholds increasing with
   * rank, multipliers of at least 1 and not below a lower tier's, discounts
   * 0-100): nothing changes when it fails, and the error names the field.
   * A deleted tier's holders are re-evaluated by the caller
   * (`listTierHolderAccountIds` before, `evaluateMemberTier` after).
   */
  @InjectTransactionManager()
  async saveTier(
    change: { id?: string; input?: Partial<TierInput>; delete?: boolean },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ tier: LoyaltyTierDTO | null; deleted: LoyaltyTierDTO | null }> {
    await this.retrieveProgramSettings(sharedContext) // the default tiers exist before the first edit
    return await this.tierEngine_.saveTierSet(transactionOf(sharedContext), change)
  }

  /** Records the tier's customer group, price list or promotion (see TierEngine.setPricingLinks). */
  @InjectTransactionManager()
  async setTierPricingLinks(
    tierId: string,
    links: { customer_group_id?: string | null; price_list_id?: string | null; promotion_id?: string | null },
    { onlyIfUnset = false }: { onlyIfUnset?: boolean } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    return await this.tierEngine_.setPricingLinks(transactionOf(sharedContext), tierId, links, onlyIfUnset)
  }

  /** The member's earn multiplier (`earnMultiplier`): their held tier's (O(1): the tier stored on the account), or the entry tier's. */
  async retrieveEarnMultiplier(ref: MemberRef | string, settings?: ProgramSettings): Promise<string> {
    void settings
    // the member (one statement), the tiers from the program's cache by the generation it saw
    const member = await this.retrieveMemberContext(typeof ref === "string" ? { customer_id: ref } : ref)
    const { tiers } = await this.retrieveProgram({ token: member.program_token })
    return earnMultiplier(tiers, member.account?.tier_id).toString()
  }

  // ---------------------------------------------------------------------
  // VIP early access
  // ---------------------------------------------------------------------

  /**
   * Restricts a product to members of `tier_ids` until `until` (replacing
   * an earlier restriction of the product). Unknown tiers are a 404 naming
   * `tier_ids`.
   */
  @InjectTransactionManager()
  async setEarlyAccess(
    input: { product_id: string; tier_ids: string[]; until: Date; created_by?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ) {
    requireId(input.product_id, "product_id")
    const tiers = await this.listLoyaltyTiers({ id: input.tier_ids }, {}, sharedContext)
    const missing = input.tier_ids.filter((id) => !tiers.some((t) => t.id === id))
    if (missing.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `tier_ids: tier ${missing.join(", ")} was not found`)
    }
    const row = await this.tierBatch_.replaceEarlyAccess(transactionOf(sharedContext), {
      product_id: input.product_id,
      tier_ids: [...new Set(input.tier_ids)],
      until: input.until,
      created_by: input.created_by ?? null,
    })
    return row as { id: string; product_id: string; tier_ids: string[]; until: Date; created_by: string | null }
  }

  /**
   * The products among `productIds` (all when omitted) a member holding
   * `tierId` (null: a guest or a member without a tier) may not see or buy
   * at `now`: restricted, the restriction running, and their tier not among
   * those let in.
   */
  @InjectManager()
  async listEarlyAccessHidden(
    { tier_id, product_ids, now = new Date() }: { tier_id: string | null; product_ids?: string[]; now?: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const rows = await this.tierBatch_.runningEarlyAccess(knexOf(sharedContext), now, product_ids)
    return rows.filter((r) => !tier_id || !r.tier_ids.includes(tier_id)).map((r) => r.product_id)
  }

  // ---------------------------------------------------------------------
  // Referrals
  // ---------------------------------------------------------------------

  /**
   * The member whose referral code `code` is (typed in any case), or null.
   * 400 for what cannot be a code. Reads only.
   */
  @InjectManager()
  async retrieveReferrerByCode(code: string, @MedusaContext() sharedContext: Context = {}): Promise<LoyaltyAccountDTO | null> {
    const row = await this.members_.findAccountByReferralCode(knexOf(sharedContext), requireReferralCode(code))
    return row ? toAccountDTO(row) : null
  }

  /**
   * Records a friend's referral by `code`, deciding it by the fraud rules
   * (`referralRejection`) over the facts the caller gathered about both
   * people and the counts kept here (the referrer's completed referrals
   * this month, applications from the same IP address this week). A
   * rejected referral is recorded too, with its reason.
   *
   * One referral per friend: applying the same code again returns the
   * referral as it is (`created: false`); a different code is a 409.
   * The friend's row lock makes that check-then-insert safe against two
   * applications at once (the unique index on the friend backs it), and an
   * advisory lock on the IP hash keeps its weekly count exact.
   */
  @InjectTransactionManager()
  async applyReferral(input: ApplyReferralInput, @MedusaContext() sharedContext: Context = {}): Promise<ApplyReferralResult> {
    const code = requireReferralCode(input.code)
    const trx = transactionOf(sharedContext)
    const settings = await this.retrieveProgramSettings(sharedContext)
    if (!settings.referral.enabled) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, "The shop runs no referral program")
    }
    const referrer = await this.members_.findAccountByReferralCode(trx, code)
    if (!referrer) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Referral code ${code} was not found`)
    }
    const target = await this.accountFor_(trx, input.friend)
    const friend = await this.members_.lockLiveAccount(trx, target.id)
    const friendIds = await this.listMemberAccountIds(friend.id, sharedContext)
    const existing = await this.referrals_.findByFriend(trx, friendIds)
    if (existing) {
      if (existing.referrer_account_id === referrer.id) {
        return { referral: toReferralDTO(existing), created: false }
      }
      throw conflictError("A referral code was already applied to this account")
    }

    const now = input.now ?? new Date()
    const ipHash = input.ip_hash ?? null
    if (ipHash) {
      await this.referrals_.lockIpHash(trx, ipHash)
    }
    const referrerIds = await this.listMemberAccountIds(referrer.id, sharedContext)
    const reason = referralRejection({
      referrer: { account_id: referrer.id, account_status: referrer.status, ...input.referrer_facts },
      friend: { account_id: friend.id, ...input.friend_facts },
      referrer_completed_this_month: await this.referrals_.countCompletedSince(trx, referrerIds, monthStart(now)),
      max_completed_per_month: settings.referral.max_completed_per_month,
      ip_applications_this_week: ipHash ? await this.referrals_.countFromIpSince(trx, ipHash, weekBefore(now)) : 0,
      max_friends_per_ip_week: settings.referral.max_friends_per_ip_week,
    })
    const row = await this.referrals_.insert(trx, {
      referrer_account_id: referrer.id,
      friend_account_id: friend.id,
      code,
      status: reason ? "rejected" : "pending",
      reason,
      ip_hash: ipHash,
    })
    return { referral: toReferralDTO(row), created: true }
  }

  /**
   * Removes a referral that `applyReferral` just recorded, when the
   * workflow that recorded it failed (its compensation): the friend may
   * apply again. Only a referral nothing has happened to yet goes.
   */
  @InjectTransactionManager()
  async discardReferral(referralId: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const trx = transactionOf(sharedContext)
    const row = await this.referrals_.findById(trx, referralId, { forUpdate: true })
    if (row && !row.order_id && !row.completed_at && !row.approved_at) {
      await this.referrals_.hardDelete(trx, row.id)
    }
  }

  /** Notes what the friend got. Set once: a referral's reward is never replaced. */
  @InjectTransactionManager()
  async setReferralFriendReward(
    referralId: string,
    reward: FriendReward,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyReferralDTO> {
    const trx = transactionOf(sharedContext)
    const row = await this.lockReferral_(trx, referralId)
    if (row.friend_reward) {
      throw conflictError(`Referral ${referralId} already has its friend reward`)
    }
    return toReferralDTO(await this.referrals_.update(trx, row.id, { friend_reward: reward as any }))
  }

  /**
   * An admin overrules a rejection: the referral stands again (pending),
   * keeping the overruled reason and the admin's note. Only a rejected
   * referral can be approved (409 otherwise).
   */
  @InjectTransactionManager()
  async approveReferral(
    input: { referral_id: string; note: string; actor_id?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyReferralDTO> {
    requireId(input.note, "note")
    const trx = transactionOf(sharedContext)
    const row = await this.lockReferral_(trx, input.referral_id)
    if (row.status !== "rejected") {
      throw conflictError(`Only a rejected referral can be approved; this one is ${row.status}`)
    }
    return toReferralDTO(
      await this.referrals_.update(trx, row.id, {
        status: "pending",
        overruled_reason: row.reason,
        reason: null,
        approval_note: input.note,
        approved_by: input.actor_id ?? null,
        approved_at: new Date(),
      })
    )
  }

  /** Undoes `approveReferral` (its compensation): the referral is rejected again for the overruled reason. */
  @InjectTransactionManager()
  async undoReferralApproval(referralId: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const trx = transactionOf(sharedContext)
    const row = await this.lockReferral_(trx, referralId)
    if (row.status === "pending" && row.overruled_reason) {
      await this.referrals_.update(trx, row.id, {
        status: "rejected",
        reason: row.overruled_reason,
        overruled_reason: null,
        approval_note: null,
        approved_by: null,
        approved_at: null,
      })
    }
  }

  /**
   * A member's referrals as the friend (the first; null: none) and as the
   * referrer (newest first), across their merged accounts, in one statement.
   */
  @InjectManager()
  async listMemberReferrals(
    member: MemberContext,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ as_friend: LoyaltyReferralDTO | null; as_referrer: LoyaltyReferralDTO[] }> {
    if (!member.account_ids.length) {
      return { as_friend: null, as_referrer: [] }
    }
    const { asFriend, asReferrer } = await this.referrals_.listOfMember(knexOf(sharedContext), member.account_ids)
    return { as_friend: asFriend[0] ? toReferralDTO(asFriend[0]) : null, as_referrer: asReferrer.map(toReferralDTO) }
  }

  /** The referral of a member as the friend (any of their merged accounts), or null. */
  @InjectManager()
  async retrieveReferralOfFriend(accountId: string, @MedusaContext() sharedContext: Context = {}): Promise<LoyaltyReferralDTO | null> {
    const row = await this.referrals_.findByFriend(knexOf(sharedContext), await this.listMemberAccountIds(accountId, sharedContext))
    return row ? toReferralDTO(row) : null
  }

  /** The referrals a member made (as the referrer), newest first. */
  @InjectManager()
  async listReferralsOfReferrer(accountId: string, @MedusaContext() sharedContext: Context = {}): Promise<LoyaltyReferralDTO[]> {
    const rows = await this.referrals_.listByReferrer(knexOf(sharedContext), await this.listMemberAccountIds(accountId, sharedContext))
    return rows.map(toReferralDTO)
  }

  /**
   * Records the friend's order on their pending referral: its rejection
   * when a rule now holds (the same shipping address), and the order as
   * the qualifying one when it is (`qualifies_at`: when its pending period
   * ends). Only the first qualifying order counts: once one is recorded,
   * later orders change nothing. Returns the referral when it changed.
   */
  @InjectTransactionManager()
  async recordReferralOrder(
    input: { referral_id: string; order_id: string; qualifies_at: Date | null; rejection: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyReferralDTO | null> {
    const trx = transactionOf(sharedContext)
    const row = await this.lockReferral_(trx, input.referral_id)
    if (row.status !== "pending" || row.order_id) {
      return null
    }
    if (!input.rejection && !input.qualifies_at) {
      return null
    }
    const qualifying = input.qualifies_at ? { order_id: input.order_id, qualifies_at: input.qualifies_at } : {}
    const changes: Partial<ReferralRow> = input.rejection
      ? { status: "rejected", reason: input.rejection, ...qualifying }
      : qualifying
    return toReferralDTO(await this.referrals_.update(trx, row.id, changes))
  }

  /**
   * Voids the referrals an order qualified (a cancellation, a full refund)
   * before they completed: no reward. Completed referrals stay completed.
   */
  @InjectTransactionManager()
  async voidReferralsOfOrder(
    input: { order_id: string; reason: ReferralVoidReason },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyReferralDTO[]> {
    requireId(input.order_id, "order_id")
    const trx = transactionOf(sharedContext)
    const voided: LoyaltyReferralDTO[] = []
    for (const row of await this.referrals_.lockByOrder(trx, input.order_id)) {
      if (row.status === "pending" || row.status === "rejected") {
        voided.push(toReferralDTO(await this.referrals_.update(trx, row.id, { status: "void", reason: input.reason })))
      }
    }
    return voided
  }

  /** Pending referrals whose qualifying order's pending period is over at `now`. Reads only. */
  @InjectManager()
  async listDueReferrals(
    { now = new Date(), limit = 500 }: { now?: Date; limit?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyReferralDTO[]> {
    return (await this.referrals_.listDue(knexOf(sharedContext), now, Math.max(1, Math.min(limit, 10_000)))).map(toReferralDTO)
  }

  /**
   * Rewards the referrer of a due referral with the program's
   * `referrer_points`, once: the entry's idempotency key is the referral's
   * (`referral:<id>`), and the referral row is locked and must still be
   * pending, so a second run of the release job, or two at once, credit
   * nothing more. The referrer's monthly limit is counted under the
   * referrer's lock, so two completions at once cannot both pass it; beyond
   * it, or when the referrer's account is no longer active, the referral is
   * rejected instead. Returns null when there was nothing to do.
   */
  @InjectTransactionManager()
  async completeReferral(
    input: { referral_id: string; now?: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ referral: LoyaltyReferralDTO; result: LedgerResult | null } | null> {
    const trx = transactionOf(sharedContext)
    const now = input.now ?? new Date()
    const row = await this.lockReferral_(trx, input.referral_id)
    if (row.status !== "pending" || !row.order_id || !row.qualifies_at || new Date(row.qualifies_at) > now) {
      return null
    }
    const settings = await this.retrieveProgramSettings(sharedContext)
    const referrer = await this.members_.lockLiveAccount(trx, row.referrer_account_id)
    const referrerIds = await this.listMemberAccountIds(referrer.id, sharedContext)
    const rejection =
      referrer.status !== "active"
        ? "referrer_suspended"
        : (await this.referrals_.countCompletedSince(trx, referrerIds, monthStart(now))) >=
            settings.referral.max_completed_per_month
          ? "referrer_monthly_limit"
          : null
    if (rejection) {
      return { referral: toReferralDTO(await this.referrals_.update(trx, row.id, { status: "rejected", reason: rejection })), result: null }
    }
    const points = settings.referral.referrer_points
    const result =
      points > 0
        ? await this.earnPoints(
            {
              account_id: referrer.id,
              points,
              reason: "referral",
              idempotency_key: `referral:${row.id}`,
              source_type: "referral",
              source_id: row.id,
              note: "A friend's first order",
              actor_type: "system",
              actor_id: "kapy-referrals",
            },
            sharedContext
          )
        : null
    const referral = await this.referrals_.update(trx, row.id, {
      status: "completed",
      completed_at: now,
      referrer_points: points,
      referrer_entry_id: result?.entry.id ?? null,
    })
    return { referral: toReferralDTO(referral), result }
  }

  /** Counts by status and reason, conversion, and the top referrers. Reads only. */
  @InjectManager()
  async retrieveReferralStats({ top = 10 }: { top?: number } = {}, @MedusaContext() sharedContext: Context = {}) {
    const { byStatus, byReason, referrers } = await this.referrals_.stats(knexOf(sharedContext), Math.max(1, Math.min(top, 100)))
    const counts: Record<string, number> = { pending: 0, completed: 0, rejected: 0, void: 0 }
    for (const row of byStatus as any[]) {
      counts[row.status] = Number(row.count)
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0)
    const standing = total - counts.rejected
    return {
      total,
      by_status: counts,
      by_reason: (byReason as any[]).map((r) => ({ status: r.status, reason: r.reason, count: Number(r.count) })),
      /** Completed among referrals that were not rejected (0 when there are none). */
      conversion: standing > 0 ? counts.completed / standing : 0,
      top_referrers: (referrers as any[]).map((r) => ({
        account_id: r.referrer_account_id,
        referrals: Number(r.referrals),
        pending: r.pending,
        completed: r.completed,
        rejected: r.rejected,
        void: r.void,
        points_earned: r.points_earned,
        conversion: Number(r.referrals) - r.rejected > 0 ? r.completed / (Number(r.referrals) - r.rejected) : 0,
      })),
    }
  }

  protected async lockReferral_(trx: Transaction, referralId: string): Promise<ReferralRow> {
    requireId(referralId, "referral_id")
    const row = await this.referrals_.findById(trx, referralId, { forUpdate: true })
    if (!row) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Referral ${referralId} was not found`)
    }
    return row
  }

  // ---------------------------------------------------------------------
  // Claims: social follows and custom actions
  // ---------------------------------------------------------------------

  /**
   * Records a member's claim, pending. The program decides its points (the
   * platform's, or the action's) and whether it is approved automatically
   * (`auto_approve` in the answer: the caller then runs the approval).
   *
   * Under the member's account lock, so that the checks hold against two
   * claims at once: at most `abuse.claims_per_day` claims in 24 hours; a
   * platform once (409 naming the earlier claim; a rejected one may be
   * claimed again); a custom action while it is active, once or within its
   * limit per period. The partial unique index on (account, platform)
   * backs the platform check.
   */
  @InjectTransactionManager()
  async submitClaim(
    input: SubmitClaimInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ claim: LoyaltyClaimDTO; auto_approve: boolean }> {
    requireId(input.account_id, "account_id")
    const trx = transactionOf(sharedContext)
    const now = input.now ?? new Date()
    const settings = await this.retrieveProgramSettings(sharedContext)
    const account = await this.members_.lockLiveAccount(trx, input.account_id)
    if (account.status !== "active") {
      throw refused(`Loyalty account ${account.id} is ${account.status}`)
    }
    const accountIds = await this.listMemberAccountIds(account.id, sharedContext)
    const today = await this.claims_.countSince(trx, accountIds, new Date(now.getTime() - 86_400_000))
    if (today >= settings.abuse.claims_per_day) {
      throw refused(`At most ${settings.abuse.claims_per_day} claims can be made in 24 hours; try again tomorrow`)
    }
    if (input.type === "social_follow") {
      const points = (settings.earning.social_points as Record<string, number | undefined>)[input.platform]
      if (!points) {
        throw invalid(`platform: ${input.platform} earns nothing in this shop`)
      }
      const earlier = await this.claims_.findStandingFollow(trx, accountIds, input.platform)
      if (earlier) {
        throw conflictError(`${input.platform} was already claimed (claim ${earlier.id}, ${earlier.status})`)
      }
      const claim = await this.claims_.insert(trx, {
        account_id: account.id,
        type: "social_follow",
        platform: input.platform,
        action_id: null,
        handle: input.handle ?? null,
        evidence: null,
        points,
      })
      return { claim: toClaimDTO(claim), auto_approve: socialAutoApproves(settings.earning.social_auto_approve, input.platform) }
    }
    const action = await this.claims_.findAction(trx, input.action_id)
    if (!action) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Action ${input.action_id} was not found`)
    }
    const since = action.frequency === "repeatable" && action.limit_period ? periodStart(action.limit_period, now) : null
    const standing = await this.claims_.countStandingOfAction(trx, accountIds, action.id, action.frequency === "once" ? null : since)
    const refusal = customClaimRefusal(action, standing, now)
    if (refusal) {
      throw conflictError(refusal)
    }
    const claim = await this.claims_.insert(trx, {
      account_id: account.id,
      type: "custom",
      platform: null,
      action_id: action.id,
      handle: null,
      evidence: input.evidence ?? null,
      points: action.points,
    })
    return { claim: toClaimDTO(claim), auto_approve: action.auto_approve }
  }

  /** Removes a claim `submitClaim` just recorded, while still pending (its compensation). */
  @InjectTransactionManager()
  async discardClaim(claimId: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await this.claims_.deletePending(transactionOf(sharedContext), claimId)
  }

  /**
   * Approves a pending claim and credits its points, in one transaction:
   * the claim's conditional UPDATE takes its row lock, so of two approvals
   * at once (two admins, a bulk and a click) the second finds it decided
   * and gets a 409; the entry's key (`claim:<id>`) backs that up.
   */
  @InjectTransactionManager()
  async approveClaim(
    input: { claim_id: string; actor_type?: "user" | "system"; actor_id?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ claim: LoyaltyClaimDTO; result: LedgerResult | null }> {
    requireId(input.claim_id, "claim_id")
    const trx = transactionOf(sharedContext)
    const decided = await this.claims_.decide(trx, input.claim_id, { status: "approved", decided_by: input.actor_id ?? null })
    if (!decided) {
      throw await this.undecidable_(trx, input.claim_id)
    }
    const result =
      decided.points > 0
        ? await this.earnPoints(
            {
              account_id: decided.account_id,
              points: decided.points,
              reason: decided.type === "social_follow" ? "social" : "custom",
              idempotency_key: claimAwardKey(decided.id),
              source_type: "claim",
              source_id: decided.id,
              note: decided.type === "social_follow" ? `Followed on ${decided.platform}` : "Custom action",
              actor_type: input.actor_type ?? "user",
              actor_id: input.actor_id ?? null,
            },
            sharedContext
          )
        : null
    const claim = result ? await this.claims_.update(trx, decided.id, { entry_id: result.entry.id }) : decided
    return { claim: toClaimDTO(claim), result }
  }

  /** Undoes `approveClaim` (its compensation): the entry is voided and the claim is pending again. */
  @InjectTransactionManager()
  async undoClaimApproval(claimId: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const trx = transactionOf(sharedContext)
    const claim = await this.claims_.findById(trx, claimId)
    if (!claim || claim.status !== "approved") {
      return
    }
    if (claim.entry_id) {
      await this.voidEntry({ entry_id: claim.entry_id, actor_type: "system", actor_id: "kapy-claims" }, sharedContext)
    }
    await this.claims_.update(trx, claim.id, { status: "pending", entry_id: null, decided_by: null, decided_at: null })
  }

  /** Rejects a pending claim with a reason; a decided claim is a 409. */
  @InjectTransactionManager()
  async rejectClaim(
    input: { claim_id: string; reason: string; actor_id?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyClaimDTO> {
    requireId(input.claim_id, "claim_id")
    requireId(input.reason, "reason")
    const trx = transactionOf(sharedContext)
    const decided = await this.claims_.decide(trx, input.claim_id, {
      status: "rejected",
      reject_reason: input.reason,
      decided_by: input.actor_id ?? null,
    })
    if (!decided) {
      throw await this.undecidable_(trx, input.claim_id)
    }
    return toClaimDTO(decided)
  }

  /**
   * Decides many claims, each in its own transaction: one claim that is
   * already decided (or missing) is reported and does not stop the others.
   */
  async decideClaims(
    input: { claim_ids: string[]; decision: "approve" | "reject"; reason?: string | null; actor_id?: string | null }
  ): Promise<{ results: ClaimDecisionResult[]; ledger: LedgerResult[] }> {
    const results: ClaimDecisionResult[] = []
    const ledger: LedgerResult[] = []
    for (const id of [...new Set(input.claim_ids)]) {
      try {
        if (input.decision === "approve") {
          const { claim, result } = await this.approveClaim({ claim_id: id, actor_id: input.actor_id })
          results.push({ id, ok: true, claim })
          if (result) {
            ledger.push(result)
          }
        } else {
          results.push({ id, ok: true, claim: await this.rejectClaim({ claim_id: id, reason: input.reason ?? "", actor_id: input.actor_id }) })
        }
      } catch (error: any) {
        if (error?.type === MedusaError.Types.UNEXPECTED_STATE || !error?.type) {
          throw error
        }
        results.push({ id, ok: false, type: error.type, message: error.message })
      }
    }
    return { results, ledger }
  }

  protected async undecidable_(trx: Transaction, claimId: string) {
    const claim = await this.claims_.findById(trx, claimId)
    return claim
      ? conflictError(`Claim ${claimId} is already ${claim.status}`)
      : new MedusaError(MedusaError.Types.NOT_FOUND, `Claim ${claimId} was not found`)
  }

  /** Custom actions a shopper can claim now: active, started and not ended. */
  @InjectManager()
  async listActiveActions(
    now: Date = new Date(),
    { token }: { token?: string | null } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyActionDTO[]> {
    const { actions } = await this.retrieveProgram({ token }, sharedContext)
    return actions.filter((a) => a.active && (!a.starts_at || new Date(a.starts_at) <= now) && (!a.ends_at || new Date(a.ends_at) > now))
  }

  /**
   * Earning campaigns running at `at` (starts_at ≤ at < ends_at), from the
   * cached program (`token`: the generation the caller's read saw); a
   * moment older than what the cache holds is read from the database.
   */
  @InjectManager()
  async listRunningCampaigns(
    at: Date,
    { token }: { token?: string | null } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ProgramCampaign[]> {
    const program = await this.retrieveProgram({ token }, sharedContext)
    const running = (c: { starts_at: Date; ends_at: Date | null }) => new Date(c.starts_at) <= at && (!c.ends_at || new Date(c.ends_at) > at)
    if (at >= program.campaigns_since) {
      return program.campaigns.filter(running)
    }
    const rows = (await this.listLoyaltyCampaigns(
      { starts_at: { $lte: at }, $or: [{ ends_at: null }, { ends_at: { $gt: at } }] } as any,
      {},
      sharedContext
    )) as unknown as ProgramCampaign[]
    return rows.filter(running)
  }

  /**
   * Ledger entries that award something a collaborator owns (reviews),
   * not voided: for reconcile, by `source_type`, in id order after `after`.
   */
  @InjectManager()
  async listStandingAwardEntries(
    input: { source_type: string; reasons: string[]; after?: string | null; limit?: number; ids?: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; source_id: string | null; idempotency_scope: string; reason: string }[]> {
    const knex = knexOf(sharedContext)
    const q = knex("kapy_ledger_entry as e")
      .where("e.source_type", input.source_type)
      .whereIn("e.reason", input.reasons)
      .whereNotExists(knex("kapy_ledger_entry as v").whereRaw("v.voids_entry_id = e.id").select(knex.raw("1")))
      .select("e.id", "e.source_id", "e.idempotency_scope", "e.reason")
      .orderBy("e.id")
      .limit(Math.max(1, Math.min(input.limit ?? 1000, 10_000)))
    if (input.ids) {
      q.whereIn("e.id", input.ids)
    }
    return await (input.after ? q.where("e.id", ">", input.after) : q)
  }

  // ---------------------------------------------------------------------
  // What the ledger says
  // ---------------------------------------------------------------------

  /**
   * The points payment of a cart that stands: taken when its order was
   * placed and not voided by a failed checkout. Null when the cart paid
   * with no points.
   */
  @InjectManager()
  async findCartRedemption(cartId: string, @MedusaContext() sharedContext: Context = {}): Promise<CartRedemption | null> {
    const found = await this.reads_.cartRedemption(knexOf(sharedContext), cartId)
    return found ? { entry: toEntryDTO(found.entry), points: found.points, returned: found.reversed } : null
  }

  /** What an order earned and how much of it stands reversed; null when it earned nothing. */
  @InjectManager()
  async findOrderEarning(orderId: string, @MedusaContext() sharedContext: Context = {}): Promise<OrderEarningRecord | null> {
    const found = await this.reads_.orderEarning(knexOf(sharedContext), orderId)
    return found ? standingView(found) : null
  }

  // ---------------------------------------------------------------------
  // Ledger operations
  // ---------------------------------------------------------------------

  /**
   * Credits points. With a future `available_at` they stay pending until
   * `releasePendingPoints` runs past that time. If the member owes points
   * from a reversal, available points pay that debt first.
   */
  @InjectManager()
  async earnPoints(input: EarnPointsInput, @MedusaContext() sharedContext: Context = {}): Promise<LedgerResult> {
    return await this.writeMove_(input, earnMove(input), sharedContext)
  }

  /**
   * Takes available points: a redemption at checkout or an expiry. Refused
   * with a CONFLICT error when the available balance is smaller; it never
   * goes below zero.
   */
  @InjectManager()
  async spendPoints(input: SpendPointsInput, @MedusaContext() sharedContext: Context = {}): Promise<LedgerResult> {
    assertPoints(input.points)
    const reason = input.reason ?? "redemption"
    if (!(SPEND_REASONS as readonly string[]).includes(reason)) {
      throw invalid(`reason must be one of ${SPEND_REASONS.join(", ")} to spend points`)
    }
    const move: PointsMove = {
      ...entryContext(input),
      type: "debit",
      reason,
      points: -input.points,
      redeemed: reason === "redemption",
      lifetime: false,
    }
    return await this.writeMove_(input, move, sharedContext)
  }

  /**
   * An admin's correction: positive credits available points at once,
   * negative takes available points and, like a spend, never below zero.
   * Both count in lifetime points, since they correct what was earned.
   */
  @InjectManager()
  async adjustPoints(input: AdjustPointsInput, @MedusaContext() sharedContext: Context = {}): Promise<LedgerResult> {
    return await this.writeMove_(input, adjustMove(input), sharedContext)
  }

  /**
   * Many earns and adjustments in one transaction (a chunk of an admin's CSV
   * upload; the caller keeps a chunk to a few hundred writes). Each write
   * is what `earnPoints` or `adjustPoints` would do alone — the same entry,
   * totals, lot and key, the same refusal with the same message (bad
   * points, closed account, not enough points, a key used for another
   * change or another member) — and a refused write is its own answer,
   * the others stand. Set-based: the chunk's accounts are locked together
   * in id order, its keys read and its entries, lots and totals written in
   * a few statements (`LedgerBatchWriter`). Should those statements fail
   * (a key taken meanwhile by a write to another account, a deadlock with
   * a write that locks out of order), the chunk is written one by one
   * instead, each write in its own savepoint. Errors other than refusals
   * stop it.
   */
  @InjectTransactionManager()
  async writePointsInBulk(writes: BulkPointsWrite[], @MedusaContext() sharedContext: Context = {}): Promise<BulkPointsResult[]> {
    const trx = transactionOf(sharedContext) as Knex.Transaction
    const results: BulkPointsResult[] = new Array(writes.length)
    const ready: { index: number; ref: Partial<MemberRef>; key: string; move: PointsMove }[] = []
    writes.forEach((write, index) => {
      const input = (write.earn ?? write.adjust)!
      try {
        const move = write.earn ? earnMove(write.earn) : adjustMove(write.adjust!)
        if (!input.account_id) {
          requireId(input.customer_id, "account_id or customer_id")
        }
        ready.push({ index, ref: input, key: requireKey(input.idempotency_key), move })
      } catch (error) {
        results[index] = refusalOf(error)
      }
    })
    // accounts: the customers' through their identities in one statement; one with none gets its account as a single write would
    const customerIds = ready.filter((r) => !r.ref.account_id).map((r) => r.ref.customer_id!)
    const accountOf = await this.members_.accountsOfCustomers(trx, customerIds)
    for (const customerId of new Set(customerIds)) {
      if (!accountOf.has(customerId)) {
        accountOf.set(customerId, (await this.accountFor_(trx, { customer_id: customerId })).id)
      }
    }
    const batch = ready.map((r) => ({ account_id: r.ref.account_id ?? accountOf.get(r.ref.customer_id!)!, idempotency_key: r.key, move: r.move }))
    let outcomes: BatchOutcome[]
    try {
      outcomes = await trx.transaction((savepoint) => this.batch_.writeAll(savepoint, batch))
    } catch {
      outcomes = []
      for (const write of batch) {
        try {
          const outcome = await trx.transaction((savepoint) => this.writer_.writeMove(savepoint, write.account_id, write.idempotency_key, write.move))
          outcomes.push({ ok: true, outcome })
        } catch (error: any) {
          refusalOf(error)
          outcomes.push({ ok: false, error })
        }
      }
    }
    outcomes.forEach((outcome, i) => {
      results[ready[i].index] = outcome.ok ? { ok: true, result: toResult(outcome.outcome) } : refusalOf(outcome.error)
    })
    return results
  }

  /**
   * One earn, spend or adjustment of the member `input` names, under its
   * idempotency key: one statement (`LedgerWriter.writeMove`), which locks
   * the account, checks the key and writes. By account id and without a
   * caller's transaction that statement is its own transaction, so the
   * account's row lock lasts one round trip; by customer id the account may
   * have to be made first, so that and the write share a transaction.
   */
  protected async writeMove_(input: Partial<MemberRef> & { idempotency_key: string }, move: PointsMove, sharedContext: Context): Promise<LedgerResult> {
    const key = requireKey(input.idempotency_key)
    if (!input.account_id && !sharedContext.transactionManager) {
      return await this.writeMoveInTransaction_(input, move, sharedContext)
    }
    const knex = knexOf(sharedContext)
    const account = await this.accountFor_(knex, input)
    return toResult(await this.writer_.writeMove(knex, account.id, key, move))
  }

  /** `writeMove_` inside a transaction of its own (the customer's account made on first need, then the write). */
  @InjectTransactionManager()
  protected async writeMoveInTransaction_(
    input: Partial<MemberRef> & { idempotency_key: string },
    move: PointsMove,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LedgerResult> {
    return await this.writeMove_(input, move, sharedContext)
  }

  /**
   * Reverses all or part of an earlier entry, as a new entry that points at
   * it. Reversals never exceed what the entry moved.
   * - A credit (earn, positive adjustment) takes back the points, from what
   *   is still pending of it first; the available balance may go negative
   *   for points that are now taken back.
   * - A debit (redemption, expiry, negative adjustment) gives the points
   *   back as available points.
   */
  @InjectTransactionManager()
  async reversePoints(input: ReversePointsInput, @MedusaContext() sharedContext: Context = {}): Promise<LedgerResult> {
    requireId(input.entry_id, "entry_id")
    if (input.points !== undefined) {
      assertPoints(input.points)
    }
    const trx = transactionOf(sharedContext)
    const origin = await this.findReversibleEntry_(trx, input.entry_id)
    return toResult(
      await this.writer_.withLockedAccount(trx, origin.account_id, requireKey(input.idempotency_key), async (account, keys) => {
        const outstanding = await this.writer_.outstanding(trx, origin)
        const points = input.points ?? outstanding
        if (points <= 0 || points > outstanding) {
          throw conflictError(`Entry ${origin.id} has ${outstanding} points left to reverse; ${points} requested`)
        }
        return await this.writer_.reverse(trx, account, origin, points, { ...entryContext(input), ...keys })
      })
    )
  }

  /**
   * Reverses as many points of an entry as make its reversals total
   * `total` — for refunds, where each event knows the cumulative target
   * rather than its own share. Decided under the account's lock, so two
   * refunds arriving together never reverse more than the larger target.
   * Returns null when the reversals already reach `total`.
   */
  @InjectTransactionManager()
  async reversePointsUpTo(
    input: Omit<ReversePointsInput, "points"> & { total: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LedgerResult | null> {
    requireId(input.entry_id, "entry_id")
    if (!Number.isInteger(input.total) || input.total < 0) {
      throw invalid("total must be a whole number of at least 0")
    }
    const trx = transactionOf(sharedContext)
    const origin = await this.findReversibleEntry_(trx, input.entry_id)
    const outcome = await this.writer_.withLockedAccount(
      trx,
      origin.account_id,
      requireKey(input.idempotency_key),
      async (account, keys) => {
        const already = await this.ledger_.sumReversals(trx, origin.id)
        const points = Math.min(input.total, Math.abs(origin.points)) - already
        return points > 0
          ? await this.writer_.reverse(trx, account, origin, points, { ...entryContext(input), ...keys })
          : null
      }
    )
    return outcome.entry ? toResult(outcome) : null
  }

  /**
   * Cancels an entry whose workflow failed, as if it had never been
   * written: a reversal of what is left of it, marked as its void (one per
   * entry, enforced by a unique index). Its idempotency key then counts as
   * not done, so the redelivered event or retried request records it anew.
   * Returns null when the entry was already voided.
   */
  @InjectTransactionManager()
  async voidEntry(input: VoidEntryInput, @MedusaContext() sharedContext: Context = {}): Promise<LedgerResult | null> {
    requireId(input.entry_id, "entry_id")
    const trx = transactionOf(sharedContext)
    const origin = await this.findReversibleEntry_(trx, input.entry_id)
    const outcome = await this.writer_.withLockedAccount(trx, origin.account_id, `void:${origin.id}`, async (account, keys) => {
      const outstanding = await this.writer_.outstanding(trx, origin)
      return await this.writer_.reverse(trx, account, origin, outstanding, {
        ...entryContext({ ...input, idempotency_key: keys.idempotency_key }),
        ...keys,
        voids_entry_id: origin.id,
        note: input.note ?? "Voided: the workflow that recorded this entry failed",
      })
    })
    return outcome.replayed ? null : toResult(outcome)
  }

  protected async findReversibleEntry_(trx: Transaction, entryId: string) {
    const origin = await this.ledger_.findEntry(trx, entryId)
    if (!origin) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Ledger entry ${entryId} was not found`)
    }
    if (!REVERSIBLE_REASONS.has(origin.reason)) {
      throw invalid(`A ${origin.reason} entry cannot be reversed`)
    }
    return origin
  }

  /**
   * Makes pending points whose time has come available. Batched and safe to
   * run from several workers at once: each lot is released under its
   * account's lock, after checking it is still pending, with an idempotency
   * key per lot.
   */
  @InjectManager()
  async releasePendingPoints(
    input: ReleasePendingInput = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ released_lots: number; released_points: number; entries: LoyaltyEntryDTO[] }> {
    const now = input.now ?? new Date()
    const limit = Math.max(1, Math.min(input.limit ?? 500, 10_000))
    const due = await this.ledger_.findDuePendingLots(knexOf(sharedContext), now, limit)

    const byAccount = new Map<string, string[]>()
    for (const lot of due) {
      byAccount.set(lot.account_id, [...(byAccount.get(lot.account_id) ?? []), lot.id])
    }
    const entries: LoyaltyEntryDTO[] = []
    let releasedLots = 0
    for (const [accountId, lotIds] of byAccount) {
      const released = await this.releaseAccountLots_(accountId, lotIds, now)
      releasedLots += released.lots
      entries.push(...released.entries)
    }
    return {
      released_lots: releasedLots,
      released_points: entries.reduce((sum, e) => sum + e.available_delta, 0),
      entries,
    }
  }

  @InjectTransactionManager()
  protected async releaseAccountLots_(
    accountId: string,
    lotIds: string[],
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ lots: number; entries: LoyaltyEntryDTO[] }> {
    const trx = transactionOf(sharedContext)
    let account = await this.members_.lockLiveAccount(trx, accountId)
    const lots = await this.ledger_.lockDuePendingLots(trx, lotIds, now)
    const entries: LoyaltyEntryDTO[] = []
    for (const lot of lots) {
      if (lot.remaining === 0) {
        // fully reversed while pending: nothing left to release
        await this.ledger_.markLotReleased(trx, lot.id, 0)
        continue
      }
      const debt = Math.max(0, -account.points_balance)
      const entry = await this.ledger_.appendEntry(trx, account, {
        reason: "release",
        idempotency_key: `release:${lot.id}`,
        origin_entry_id: lot.entry_id,
        source_type: lot.source_type,
        source_id: lot.source_id,
        sales_channel_id: lot.sales_channel_id,
        currency_code: lot.currency_code,
        actor_type: "system",
        actor_id: "kapy-release-pending",
        available_delta: lot.remaining,
        pending_delta: -lot.remaining,
        lifetime_delta: 0,
        redeemed_delta: 0,
      })
      await this.ledger_.markLotReleased(trx, lot.id, lot.remaining - Math.min(lot.remaining, debt))
      account = { ...account, points_balance: entry.balance_after, points_pending: entry.pending_after }
      entries.push(toEntryDTO(entry))
    }
    return { lots: lots.length, entries }
  }

  // ---------------------------------------------------------------------
  // Privacy and consent (src/modules/loyalty/privacy)
  // ---------------------------------------------------------------------

  /**
   * Records a member's consent decisions (the program itself, marketing per
   * channel) with the text version agreed to (default the program's
   * current one) and when; returns the member's consents.
   */
  @InjectTransactionManager()
  async recordConsents(input: RecordConsentsInput, @MedusaContext() sharedContext: Context = {}): Promise<LoyaltyConsentDTO[]> {
    requireId(input.account_id, "account_id")
    const trx = transactionOf(sharedContext)
    const account = await this.members_.lockLiveAccount(trx, input.account_id)
    const version = input.text_version ?? (await this.retrieveProgramSettings(sharedContext)).privacy.consent_text_version
    await this.privacyStore_.upsertConsents(trx, account.id, input.decisions, version, input.source, input.now ?? new Date())
    return await this.privacyStore_.listConsents(trx, [account.id])
  }

  /** The member's consents (on the account and any merged into it). Reads only. */
  @InjectManager()
  async listConsents(accountId: string, @MedusaContext() sharedContext: Context = {}): Promise<LoyaltyConsentDTO[]> {
    return await this.privacyStore_.listConsents(knexOf(sharedContext), await this.listMemberAccountIds(accountId, sharedContext))
  }

  /** Whether the member has granted `purpose` (no decision: not granted). */
  async hasConsent(accountId: string, purpose: ConsentPurpose): Promise<boolean> {
    return (await this.listConsents(accountId)).some((c) => c.purpose === purpose && c.granted)
  }

  /**
   * Everything the module holds about a member (GDPR access): the account,
   * its identities, every entry of it and of accounts merged into it,
   * claims, referrals (as friend and referrer), consents and expiry
   * warnings. Reviews live in the reviews module. Reads only.
   */
  @InjectManager()
  async exportMemberData(member: string | MemberContext, @MedusaContext() sharedContext: Context = {}) {
    const knex = knexOf(sharedContext)
    // a member read already (account and merged accounts in one statement) is not read again
    const context = isMemberContext(member) ? member : await this.retrieveMemberContext({ account_id: member }, sharedContext)
    const account = context.account
    if (!account) {
      throw new MedusaError(
        MedusaError.Types.NOT_FOUND,
        `Loyalty account ${typeof member === "string" ? member : context.customer_id} was not found`
      )
    }
    const ids = context.account_ids
    const identities = (await this.members_.listIdentitiesOf(knex, ids)).sort(
      (x, y) => ids.indexOf(x.account_id) - ids.indexOf(y.account_id) || +new Date(x.created_at) - +new Date(y.created_at)
    )
    const [entries, claims, referrals, consents, expiry_warnings, stamps, stamp_rewards] = await Promise.all([
      this.privacyStore_.listEntries(knex, ids),
      this.privacyStore_.listClaims(knex, ids),
      this.privacyStore_.listReferrals(knex, ids),
      this.privacyStore_.listConsents(knex, ids),
      this.privacyStore_.listExpiryNotices(knex, ids),
      this.stamps_.listStamps(knex, ids),
      this.stamps_.listCompletions(knex, ids),
    ])
    return {
      account,
      account_ids: ids,
      identities: identities.map(({ provider, external_id, email, email_verified, created_at }) => ({ provider, external_id, email, email_verified, created_at })),
      entries,
      claims,
      referrals,
      consents,
      expiry_warnings,
      stamps,
      stamp_rewards: stamp_rewards.map(({ card_id, order_id, code, created_at }) => ({ card_id, order_id, code, filled_at: created_at })),
    }
  }

  /**
   * The member leaves the program: their available and pending points are
   * forfeited by one `forfeit` entry, the account is closed, and their data
   * is due for erasure after the shop's retention (`privacy.retention_days`).
   * Idempotent.
   */
  @InjectTransactionManager()
  async leaveProgram(
    input: { account_id: string; actor_type: LedgerActorType; actor_id?: string | null; now?: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ account: LoyaltyAccountDTO; entry_id: string | null; replayed: boolean }> {
    requireId(input.account_id, "account_id")
    const settings = await this.retrieveProgramSettings(sharedContext)
    const result = await this.memberPrivacy_.leave(transactionOf(sharedContext), input.account_id, {
      now: input.now ?? new Date(),
      retention_days: settings.privacy.retention_days,
      actor_type: input.actor_type,
      actor_id: input.actor_id ?? null,
    })
    return { ...result, account: toAccountDTO(result.account) }
  }

  /**
   * Erases a person without touching the ledger: a Medusa customer's
   * identity (`whole_member: false`, on `customer.deleted`), or every
   * identity of the member (an admin's request, or by `account_id` when a
   * departed member's retention ends). An account left without identities
   * loses what else could name the person (birthday, claim handles and
   * evidence, referral IP hashes, consents) and gets a new referral code,
   * so links shared before lead nowhere. Null when nothing was left to erase.
   */
  @InjectTransactionManager()
  async eraseMember(
    input: { customer_id: string; whole_member?: boolean; now?: Date } | { account_id: string; now?: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<MemberErasureResult | null> {
    const now = input.now ?? new Date()
    const trx = transactionOf(sharedContext)
    if ("account_id" in input) {
      requireId(input.account_id, "account_id")
      return await this.memberPrivacy_.erase(trx, { account_id: input.account_id }, now)
    }
    requireId(input.customer_id, "customer_id")
    return await this.memberPrivacy_.erase(trx, { customer_id: input.customer_id, whole_member: !!input.whole_member }, now)
  }

  /** Departed members whose retention ended by `now` and whose data is still there. Reads only. */
  @InjectManager()
  async listAccountsDueForErasure(
    { now = new Date(), limit = 500 }: { now?: Date; limit?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return await this.privacyStore_.listDueForErasure(knexOf(sharedContext), now, Math.max(1, Math.min(limit, 10_000)))
  }

  // ---------------------------------------------------------------------
  // Notifications (src/modules/loyalty/notifications, rules in src/rules/notifications.ts)
  // ---------------------------------------------------------------------

  /**
   * Claims a member notification's key before it is sent: true when the
   * caller may send it (new, or an earlier send did not finish), false when
   * it was already sent or skipped: a redelivered event sends nothing more.
   */
  @InjectTransactionManager()
  async claimNotification(
    input: { notification_key: string; kind: string; account_id: string | null; channel: string; language: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    requireKey(input.notification_key)
    return await this.notifications_.claim(transactionOf(sharedContext), input)
  }

  /** Records how a claimed notification ended: sent (with Medusa's notification id) or skipped (with why). */
  @InjectTransactionManager()
  async finishNotification(
    key: string,
    outcome: { status: "sent" | "skipped"; reason?: string | null; notification_id?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await this.notifications_.finish(transactionOf(sharedContext), key, outcome)
  }

  /** The log row of a notification key, or null. Reads only. */
  @InjectManager()
  async retrieveNotificationLog(key: string, @MedusaContext() sharedContext: Context = {}) {
    return (await this.notifications_.find(knexOf(sharedContext), key)) ?? null
  }

  // ---------------------------------------------------------------------
  // Importing members (src/modules/loyalty/imports, rules in src/rules/member-import.ts)
  // ---------------------------------------------------------------------

  /**
   * Imports members from another loyalty app, a chunk of them in one
   * transaction, each in a savepoint of its own (a bad one is reported and
   * the others stay). Per member: their account (made with the customer's
   * identity on first need), one `import` entry of their points under the
   * key of the source and customer, their birthday when none is set, their
   * old referral code when it is free, and their old tier as a floor until
   * `tier_until`. Running it again changes nothing (`already_imported`).
   */
  @InjectTransactionManager()
  async importMembers(
    members: ImportMemberInput[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ImportMemberResult[]> {
    const trx = transactionOf(sharedContext) as Knex.Transaction
    const results: ImportMemberResult[] = new Array(members.length)
    const keys = new Map(members.map((m) => [m.customer_id, memberImportKey(m.source, m.customer_id)]))
    const oneByOne: number[] = []
    const fresh: { index: number; member: NewImportedMember; warnings: string[] }[] = []

    const valid = members.flatMap((m, index) => {
      const problem = !m.customer_id ? "customer_id is required" : m.points !== 0 ? pointsProblem(m.points) : null
      if (problem) {
        results[index] = { status: "failed", message: problem in POINTS_PROBLEM_MESSAGES ? POINTS_PROBLEM_MESSAGES[problem as keyof typeof POINTS_PROBLEM_MESSAGES] : problem }
        return []
      }
      return [index]
    })
    await this.imports_.lockCustomers(trx, valid.map((i) => members[i].customer_id))
    const existing = await this.imports_.existingState(trx, valid.map((i) => members[i].customer_id), keys)
    for (const index of valid) {
      const m = members[index]
      const state = existing.get(m.customer_id)
      if (state) {
        const unchanged =
          (m.points === 0 || state.key_done) &&
          (!m.birthday || !!state.birthday) &&
          (!m.referral_code || state.referral_code === m.referral_code) &&
          (!m.tier_id || !!state.tier_override_id)
        if (unchanged) {
          results[index] = { account_id: state.account_id, status: "already_imported", entry_id: null, warnings: [] }
        } else {
          oneByOne.push(index)
        }
        continue
      }
      if (this.options_.medusa_emails_verified) {
        // a verified email may join another provider's account: the one-by-one path decides
        oneByOne.push(index)
        continue
      }
      const warnings: string[] = []
      const birthday = m.birthday ? parseBirthday(m.birthday, new Date()) : null
      if (birthday?.problem) {
        warnings.push(`birthday: ${birthday.problem}`)
      }
      fresh.push({
        index,
        warnings,
        member: {
          customer_id: m.customer_id,
          email: m.email,
          points: m.points,
          key: keys.get(m.customer_id)!,
          source: m.source,
          birthday: birthday && !birthday.problem ? birthday.date! : null,
          referral_code: m.referral_code ?? null,
          tier_id: m.tier_id ?? null,
          tier_until: m.tier_until ?? null,
          actor_id: m.actor_id ?? "kapy-import",
        },
      })
    }

    if (fresh.length) {
      try {
        const { created } = await trx.transaction((savepoint) => this.imports_.createImportedMembers(savepoint, fresh.map((f) => f.member)))
        for (const f of fresh) {
          const made = created.get(f.member.customer_id)
          if (made) {
            results[f.index] = { account_id: made.account_id, status: "imported", entry_id: made.entry_id, warnings: f.warnings }
          } else {
            oneByOne.push(f.index)
          }
        }
      } catch {
        // the bulk statement refused the chunk (a key already used, say): each member on its own
        oneByOne.push(...fresh.map((f) => f.index))
      }
    }
    for (const index of oneByOne.sort((a, b) => a - b)) {
      try {
        results[index] = await trx.transaction((savepoint) => this.importMember_(savepoint, members[index]))
      } catch (error: any) {
        results[index] = { status: "failed", message: error?.message ?? String(error) }
      }
    }
    return results
  }

  /**
   * Refreshes the planner's statistics of the tables an import filled: after
   * tens of thousands of new rows, plans made for the old sizes (a scan
   * where an index now pays) would slow every ledger write until autovacuum
   * gets to them.
   */
  @InjectManager()
  async refreshImportStatistics(@MedusaContext() sharedContext: Context = {}): Promise<void> {
    await this.imports_.analyze(knexOf(sharedContext))
  }

  protected async importMember_(trx: Transaction, input: ImportMemberInput): Promise<ImportMemberResult> {
    requireId(input.customer_id, "customer_id")
    if (input.points !== 0) {
      assertPoints(input.points)
    }
    const account = await this.directory_.ensure(trx, {
      provider: "medusa",
      external_id: input.customer_id,
      email: input.email,
      email_verified: !!this.options_.medusa_emails_verified,
    })
    const key = memberImportKey(input.source, input.customer_id)
    const outcome = await this.writer_.withLockedAccount(
      trx,
      account.id,
      key,
      async (locked, keys) =>
        input.points > 0
          ? await this.writer_.earn(trx, locked, {
              ...entryContext({ idempotency_key: key, source_type: "import", source_id: input.source, note: "Imported balance", actor_type: "system", actor_id: input.actor_id ?? "kapy-import" }),
              ...keys,
              reason: "import",
              points: input.points,
              pending: false,
              available_at: null,
              expires_at: null,
            })
          : null,
      input.points > 0 ? input.points : undefined
    )
    const warnings: string[] = []
    const live = outcome.account
    let changed = !outcome.replayed && !!outcome.entry
    if (input.birthday && !live.birthday) {
      const parsed = parseBirthday(input.birthday, new Date())
      if (parsed.problem) {
        warnings.push(`birthday: ${parsed.problem}`)
      } else {
        await this.members_.updateBirthday(trx, live.id, parsed.date!)
        changed = true
      }
    }
    if (input.referral_code && live.referral_code !== input.referral_code) {
      if (await this.imports_.takeReferralCode(trx, live.id, input.referral_code)) {
        changed = true
      } else {
        warnings.push(`referral_code: ${input.referral_code} belongs to another member; this member keeps ${live.referral_code}`)
      }
    }
    if (input.tier_id && (await this.imports_.setImportedTier(trx, live.id, input.tier_id, input.tier_until ?? null))) {
      changed = true
    }
    return { account_id: live.id, status: changed ? "imported" : "already_imported", entry_id: outcome.entry?.id ?? null, warnings }
  }

  // ---------------------------------------------------------------------
  // Stamp cards (src/modules/loyalty/stamps, rules in src/rules/stamps.ts)
  // ---------------------------------------------------------------------

  /** Creates a stamp card, or changes one (`id`); the definition must hold as a whole (400 naming the field). */
  @InjectTransactionManager()
  async saveStampCard(
    input: { id?: string; name?: string; stamps_needed?: number; trigger?: StampCardTrigger; min_amount?: Record<string, string> | null; reward?: StampCardReward; active?: boolean },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<StampCardRow> {
    const trx = transactionOf(sharedContext)
    const current = input.id ? await this.stamps_.findCard(trx, input.id) : null
    if (input.id && !current) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Stamp card ${input.id} was not found`)
    }
    const { id, ...changes } = input
    const card = { name: "", stamps_needed: 10, trigger: { kind: "order" } as StampCardTrigger, min_amount: null, reward: undefined as any, active: true, ...(current ?? {}), ...changes }
    const problem = stampCardProblem(card) ?? (card.reward ? null : "reward: a card needs a reward")
    if (problem) {
      throw invalid(problem)
    }
    return id ? await this.stamps_.updateCard(trx, id, changes) : await this.stamps_.insertCard(trx, card)
  }

  /** The stamp cards, oldest first (cached with the program; frozen). */
  @InjectManager()
  async listStampCards(filters: { active?: boolean } = {}, @MedusaContext() sharedContext: Context = {}): Promise<StampCardRow[]> {
    const cards = (await this.retrieveProgram({}, sharedContext)).stamp_cards
    return filters.active === undefined ? [...cards] : cards.filter((c) => c.active === filters.active)
  }

  /**
   * Gives a member one stamp per card for an order, once per card and
   * order (a unique index: `order.placed` delivered twice stamps once),
   * under the member's row lock, so that two orders at once fill a card
   * once. Returns the cards filled now and the member's cards filled
   * before whose reward is still owed (a run that failed or stopped between
   * filling and rewarding), each to be rewarded once.
   */
  @InjectTransactionManager()
  async recordOrderStamps(
    input: { member: MemberRef; order_id: string; card_ids: string[] },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<StampCompletionRow[]> {
    requireId(input.order_id, "order_id")
    const trx = transactionOf(sharedContext)
    const target = await this.accountFor_(trx, input.member)
    const account = await this.members_.lockLiveAccount(trx, target.id)
    if (account.status !== "active") {
      // a member who left the program collects nothing more
      return []
    }
    const ids = await this.listMemberAccountIds(account.id, sharedContext)
    const filled: StampCompletionRow[] = []
    for (const cardId of input.card_ids) {
      const card = await this.stamps_.findCard(trx, cardId)
      if (!card || !(await this.stamps_.insertStamp(trx, { card_id: card.id, account_id: account.id, order_id: input.order_id, kind: "stamp" }))) {
        continue
      }
      const standing = await this.stamps_.standing(trx, ids, card.id)
      const progress = stampProgress({ ...standing, needed: card.stamps_needed })
      for (let i = 0; i < progress.full_now; i++) {
        filled.push(await this.stamps_.insertCompletion(trx, { card_id: card.id, account_id: account.id, seq: standing.completions + i + 1, order_id: input.order_id }))
      }
    }
    // and the cards filled before whose reward is still owed (that run failed or stopped after filling them)
    const owed = (await this.stamps_.unrewardedCompletions(trx, ids)).filter((c) => !filled.some((f) => f.id === c.id))
    return [...owed, ...filled]
  }

  /** Takes back the stamps a cancelled order gave, once; a card already filled then owes the stamp. */
  @InjectTransactionManager()
  async reverseOrderStamps(input: { order_id: string }, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    requireId(input.order_id, "order_id")
    const trx = transactionOf(sharedContext)
    let reversed = 0
    for (const stamp of await this.stamps_.standingStampsOfOrder(trx, input.order_id)) {
      // the member's lock (after merges): their stamps on the card are counted under it
      await this.members_.lockLiveAccount(trx, stamp.account_id)
      if (await this.stamps_.insertStamp(trx, { card_id: stamp.card_id, account_id: stamp.account_id, order_id: input.order_id, kind: "reversal" })) {
        reversed++
      }
    }
    return reversed
  }

  /** Notes a filled card's reward (its promotion and code), once. */
  @InjectTransactionManager()
  async setStampReward(completionId: string, reward: { promotion_id: string; code: string }, @MedusaContext() sharedContext: Context = {}) {
    return await this.stamps_.setReward(transactionOf(sharedContext), completionId, reward)
  }

  /**
   * The member's stamp cards: each active card with the stamps on it, and
   * the rewards of filled cards. Reads only: the cards from the program's
   * cache, every card's standing in one statement (none without an account
   * or an active card); given a member read already, nothing else.
   */
  @InjectManager()
  async retrieveMemberStampCards(member: string | null | MemberContext, @MedusaContext() sharedContext: Context = {}) {
    const knex = knexOf(sharedContext)
    const context = isMemberContext(member) ? member : member ? await this.retrieveMemberContext({ account_id: member }, sharedContext) : null
    const cards = (await this.retrieveProgram({ token: context?.program_token }, sharedContext)).stamp_cards.filter((c) => c.active)
    const ids = context?.account_ids ?? []
    // every card's standing in one statement, and none without an account or a card
    const { stamps, completions } =
      ids.length && cards.length ? await this.stamps_.memberStanding(knex, ids) : { stamps: new Map<string, number>(), completions: [] }
    return cards.map((card) => {
        const standing = {
          stamps: stamps.get(card.id) ?? 0,
          completions: completions.filter((c) => c.card_id === card.id).length,
        }
        const progress = stampProgress({ ...standing, needed: card.stamps_needed })
        return {
          id: card.id,
          name: card.name,
          stamps_needed: card.stamps_needed,
          stamps: Math.max(0, progress.on_card),
          reward: card.reward,
          rewards: completions.filter((c) => c.card_id === card.id).map((c) => ({ code: c.code, filled_at: c.created_at })),
        }
      })
  }

  // ---------------------------------------------------------------------
  // Expiry (src/modules/loyalty/expiry, rules in src/rules/expiry.ts)
  // ---------------------------------------------------------------------

  /**
   * Expires every point due at `now` by the program's expiry settings (off:
   * nothing), batch by batch, each batch one transaction over up to `limit`
   * accounts. Safe with several workers: a batch locks its accounts with
   * SKIP LOCKED, re-checks their lots under the lock, and each `expiry`
   * entry has its own idempotency key (`expiry:lot:<lot>` or
   * `expiry:inactive:<account>:<moment>`), so nothing expires twice.
   */
  @InjectManager()
  async expirePoints(
    input: { now?: Date; limit?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ entries: LoyaltyEntryDTO[]; skipped_account_ids: string[] }> {
    const now = input.now ?? new Date()
    const limit = Math.max(1, Math.min(input.limit ?? 500, 10_000))
    const expiry = activeExpiry((await this.retrieveProgramSettings(sharedContext)).expiry)
    if (!expiry) {
      return { entries: [], skipped_account_ids: [] }
    }
    const entries: LoyaltyEntryDTO[] = []
    const skipped: string[] = []
    const passed: string[] = []
    for (;;) {
      const due = await this.expiry_.findDueAccounts(knexOf(sharedContext), expiry, now, limit, [...skipped, ...passed])
      if (!due.length) {
        break
      }
      const batch = await this.expireBatch_(expiry, due, now)
      // not searched again in this run: held by another worker, or nothing to write (an expiry already recorded)
      const wrote = new Set(batch.entries.map((e) => e.account_id))
      skipped.push(...batch.skipped)
      passed.push(...due.filter((id) => !wrote.has(id) && !batch.skipped.includes(id)))
      entries.push(...batch.entries.map(toEntryDTO))
    }
    return { entries, skipped_account_ids: skipped }
  }

  @InjectTransactionManager()
  protected async expireBatch_(
    expiry: ActiveExpiry,
    accountIds: string[],
    now: Date,
    @MedusaContext() sharedContext: Context = {}
  ) {
    return await expireAccounts(this.expiry_, transactionOf(sharedContext), expiry, accountIds, now)
  }

  /**
   * Records the expiry warnings due at `now` (`warning_days` before), once
   * per lot or per account and inactivity clock however often or however
   * many workers run it; returns only those recorded by this call, for
   * `loyalty.points_expiring`.
   */
  @InjectManager()
  async recordExpiryWarnings(
    input: { now?: Date; limit?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ExpiryNoticeRow[]> {
    const now = input.now ?? new Date()
    const limit = Math.max(1, Math.min(input.limit ?? 1000, 10_000))
    const expiry = activeExpiry((await this.retrieveProgramSettings(sharedContext)).expiry)
    if (!expiry) {
      return []
    }
    const recorded: ExpiryNoticeRow[] = []
    for (;;) {
      const batch = await this.recordWarningBatch_(expiry, now, limit)
      recorded.push(...batch)
      if (batch.length < limit) {
        break
      }
    }
    return recorded
  }

  @InjectTransactionManager()
  protected async recordWarningBatch_(expiry: ActiveExpiry, now: Date, limit: number, @MedusaContext() sharedContext: Context = {}) {
    return await this.expiry_.recordDueWarnings(transactionOf(sharedContext), expiry, now, limit)
  }

  /** The member's next expiry after `now` (its moment and the points expiring that day), or null. Reads only. */
  @InjectManager()
  async retrieveNextExpiry(
    accountId: string,
    { now = new Date(), settings }: { now?: Date; settings?: ProgramSettings } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ date: Date; points: number; mode: "per_lot" | "inactivity" } | null> {
    const expiry = activeExpiry((settings ?? (await this.retrieveProgramSettings(sharedContext))).expiry)
    if (!expiry) {
      return null
    }
    const next = await this.expiry_.nextExpiry(knexOf(sharedContext), expiry, accountId, now)
    return next && next.points > 0 ? { ...next, mode: expiry.mode } : null
  }

  /**
   * Checks every account against its ledger: stored totals against the sum
   * of entries, and lots against balances. Returns each drift found.
   * `onProgress` is told how many accounts were checked so far.
   */
  @InjectManager()
  async reconcile(
    options: { batchSize?: number; onProgress?: (checked: number, total: number) => void } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ReconcileReport> {
    const knex = knexOf(sharedContext)
    const batchSize = options.batchSize ?? 1000
    const total = await this.reads_.countAccounts(knex)
    const drifts: AccountDrift[] = []
    let checked = 0
    let after: string | null = null
    for (;;) {
      const rows = await this.reads_.reconcileBatch(knex, after, batchSize)
      if (!rows.length) {
        break
      }
      for (const row of rows) {
        drifts.push(...driftsOf(row))
      }
      checked += rows.length
      after = rows[rows.length - 1].id
      options.onProgress?.(checked, total)
    }
    const awards = (await this.claims_.awardProblems(knex)).map((p) => ({ kind: "claim" as const, ...p }))
    return { accounts_checked: checked, drifts, awards }
  }

  /** The account a write addresses: by id, or a Medusa customer's (created on first need). */
  protected async accountFor_(trx: Transaction, ref: Partial<MemberRef>): Promise<Pick<AccountRow, "id">> {
    if (ref.account_id) {
      // no read here: the write locks the account (following merges) and reads it in one statement
      return { id: ref.account_id }
    }
    requireId(ref.customer_id, "account_id or customer_id")
    return await this.directory_.ensure(trx, {
      provider: "medusa",
      external_id: ref.customer_id!,
    })
  }

  protected async findAccount_(knex: Transaction, ref: Partial<MemberRef>): Promise<AccountRow | undefined> {
    if (ref.account_id) {
      return await this.members_.followMerges(knex, ref.account_id)
    }
    requireId(ref.customer_id, "account_id or customer_id")
    return await this.members_.findAccountByIdentity(knex, "medusa", ref.customer_id!)
  }
}

/** Whether a member reference is a member read already (`retrieveMemberContext`). */
export function isMemberContext(ref: unknown): ref is MemberContext {
  return !!ref && typeof ref === "object" && "account_ids" in ref && "program_token" in ref
}

function transactionOf(sharedContext: Context): Transaction {
  const trx = (sharedContext.transactionManager as any)?.getTransactionContext?.()
  if (!trx) {
    // A ledger write outside a transaction would drop its lock at once.
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "Loyalty ledger writes must run inside a transaction")
  }
  return trx
}

function knexOf(sharedContext: Context): Transaction {
  const manager = (sharedContext.transactionManager ?? sharedContext.manager) as any
  return manager.getTransactionContext?.() ?? manager.getKnex()
}

function entryContext(input: {
  idempotency_key: string
  source_type?: string | null
  source_id?: string | null
  note?: string | null
  sales_channel_id?: string | null
  currency_code?: string | null
  metadata?: Record<string, unknown> | null
  actor_type: EntryContext["actor_type"]
  actor_id?: string | null
}): EntryContext {
  return {
    source_type: input.source_type ?? null,
    source_id: input.source_id ?? null,
    note: input.note ?? null,
    sales_channel_id: input.sales_channel_id ?? null,
    currency_code: input.currency_code?.toLowerCase() ?? null,
    metadata: input.metadata ?? null,
    actor_type: input.actor_type,
    actor_id: input.actor_id ?? null,
  }
}

/** What `earnPoints` writes, checked: a credit, pending until `available_at` when that is still to come. */
function earnMove(input: EarnPointsInput): PointsMove {
  assertPoints(input.points)
  if (!(EARN_REASONS as readonly string[]).includes(input.reason)) {
    throw invalid(`reason must be one of ${EARN_REASONS.join(", ")} to earn points`)
  }
  const availableAt = optionalDate(input.available_at, "available_at")
  const expiresAt = optionalDate(input.expires_at, "expires_at")
  return {
    ...entryContext(input),
    type: "credit",
    reason: input.reason,
    points: input.points,
    pending: isPending(availableAt, new Date()),
    available_at: availableAt,
    expires_at: expiresAt,
  }
}

/** What `adjustPoints` writes, checked: positive credits available points, negative debits them; both count in lifetime points. */
function adjustMove(input: AdjustPointsInput): PointsMove {
  assertPoints(input.points, { allowNegative: true })
  const context = { ...entryContext(input), reason: "adjustment" as const, points: input.points }
  return input.points < 0
    ? { ...context, type: "debit", redeemed: false, lifetime: true }
    : { ...context, type: "credit", pending: false, available_at: null, expires_at: null }
}

/** A refusal of one write as its answer; anything else (a bug, a drift, the database gone) is thrown on. */
function refusalOf(error: any): { ok: false; type: string; message: string } {
  if (!error?.type || error.type === MedusaError.Types.UNEXPECTED_STATE) {
    throw error
  }
  return { ok: false, type: error.type, message: error.message }
}

function toResult(outcome: WriteOutcome): LedgerResult {
  return {
    // null only where a caller (reversePointsUpTo) found nothing to write
    entry: outcome.entry ? toEntryDTO(outcome.entry) : (null as unknown as LoyaltyEntryDTO),
    account: toAccountDTO(outcome.account),
    replayed: outcome.replayed,
  }
}

function standingView(found: StandingEntry): OrderEarningRecord {
  return { entry: toEntryDTO(found.entry), points: found.points, reversed: found.reversed }
}

function assertPoints(points: unknown, options?: { allowNegative?: boolean }) {
  const problem = pointsProblem(points, options)
  if (problem) {
    throw invalid(POINTS_PROBLEM_MESSAGES[problem])
  }
}

function requireId(value: unknown, name: string) {
  if (typeof value !== "string" || !value.trim()) {
    throw invalid(`${name} is required`)
  }
}

function requireKey(value: unknown): string {
  requireId(value, "idempotency_key")
  if ((value as string).length > 500) {
    throw invalid("idempotency_key must be at most 500 characters")
  }
  return value as string
}

function optionalDate(value: Date | string | null | undefined, name: string) {
  if (value === undefined || value === null) {
    return null
  }
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) {
    throw invalid(`${name} must be a date`)
  }
  return date
}

function describeIssues(issues: { path: PropertyKey[]; message: string }[]) {
  return issues.map((i) => `${i.path.map(String).join(".")}: ${i.message}`).join("; ")
}

function invalid(message: string) {
  return new MedusaError(MedusaError.Types.INVALID_DATA, message)
}

function refused(message: string) {
  return new MedusaError(MedusaError.Types.NOT_ALLOWED, message)
}

function driftsOf(row: ReconcileRow): AccountDrift[] {
  const checks: [string, number, number][] = [
    ["points_balance", row.points_balance, row.sum_available],
    ["points_pending", row.points_pending, row.sum_pending],
    ["lifetime_points", row.lifetime_points, row.sum_lifetime],
    ["lifetime_redeemed", row.lifetime_redeemed, row.sum_redeemed],
    ["available_lots", Math.max(0, row.points_balance), row.available_lots],
    ["pending_lots", row.points_pending, row.pending_lots],
  ]
  return checks
    .filter(([, stored, expected]) => stored !== expected)
    .map(([field, stored, expected]) => ({ account_id: row.id, field, stored, expected }))
}

export function toAccountDTO(row: AccountRow): LoyaltyAccountDTO {
  return {
    id: row.id,
    customer_id: row.customer_id ?? null,
    status: row.status,
    merged_into_id: row.merged_into_id ?? null,
    points_balance: row.points_balance,
    points_pending: row.points_pending,
    lifetime_points: row.lifetime_points,
    lifetime_redeemed: row.lifetime_redeemed,
    tier_id: row.tier_id,
    tier_override: row.tier_override_id
      ? {
          tier_id: row.tier_override_id,
          until: row.tier_override_until ?? null,
          reason: row.tier_override_reason ?? null,
          by: row.tier_override_by ?? null,
        }
      : null,
    referral_code: row.referral_code,
    birthday: row.birthday,
    metadata: row.metadata,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

export function toClaimDTO(row: ClaimRow): LoyaltyClaimDTO {
  const { metadata, deleted_at, ...claim } = row as ClaimRow & { deleted_at?: Date | null }
  return claim
}

export function toReferralDTO(row: ReferralRow): LoyaltyReferralDTO {
  const { deleted_at, ...referral } = row as ReferralRow & { deleted_at?: Date | null }
  return referral as LoyaltyReferralDTO
}

function requireReferralCode(code: unknown): string {
  const normalised = normaliseReferralCode(code)
  if (!normalised) {
    throw invalid("A referral code is 8 letters and digits (no 0, O, 1, I or L)")
  }
  return normalised
}

export function toEntryDTO(row: EntryRow | Record<string, any>): LoyaltyEntryDTO {
  const { updated_at, deleted_at, ...entry } = row as Record<string, any>
  return entry as LoyaltyEntryDTO
}
