import { Context, DAL } from "@medusajs/framework/types"
import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MathBN,
  MedusaService,
} from "@medusajs/framework/utils"
import { conflictError } from "./errors"
import { pointsProblem, POINTS_PROBLEM_MESSAGES } from "../../rules/points"
import { tierMultiplier, tierProgress, tierWindowStart } from "../../rules/tiers"
import {
  AccountDrift,
  AdjustPointsInput,
  EARN_REASONS,
  EarnPointsInput,
  LedgerResult,
  LoyaltyAccountDTO,
  LoyaltyEntryDTO,
  ReconcileReport,
  ReleasePendingInput,
  ReversePointsInput,
  SPEND_REASONS,
  SpendPointsInput,
  LoyaltyTierDTO,
  TierStanding,
} from "../../types/loyalty"
import {
  AccountRow,
  EntryDraft,
  EntryRow,
  LedgerStore,
  Transaction,
} from "./ledger-store"
import {
  LoyaltyAccount,
  LoyaltyCampaign,
  LoyaltyEntry,
  LoyaltyLot,
  LoyaltyProgram,
  LoyaltyTier,
} from "./models"
import {
  DEFAULT_TIERS,
  layerProgramSettings,
  ProgramSettings,
  programSettingsSchema,
  resolveProgramSettings,
} from "./program-settings"

export type LoyaltyModuleOptions = {
  /** Program settings a new shop starts with, over PRODUCT.md's defaults. */
  program?: Record<string, unknown>
}

const DEFAULT_PROGRAM_HANDLE = "default"
const REVERSIBLE_REASONS = new Set<string>([
  ...EARN_REASONS,
  ...SPEND_REASONS,
  "adjustment",
])

type InjectedDependencies = {
  baseRepository: DAL.RepositoryService
}

/**
 * Kapy's loyalty module: the program, its tiers, member accounts and the
 * points ledger.
 *
 * Every balance change goes through `earnPoints`, `spendPoints`,
 * `adjustPoints`, `reversePoints` or `releasePendingPoints`. Each runs in one
 * database transaction that first locks the member's account row, then
 * writes the entry, the account totals and the lots together. The lock is
 * what makes a check such as "enough points to spend" true at the moment of
 * the write, across processes and servers.
 */
export default class LoyaltyModuleService extends MedusaService({
  LoyaltyAccount,
  LoyaltyCampaign,
  LoyaltyEntry,
  LoyaltyLot,
  LoyaltyProgram,
  LoyaltyTier,
}) {
  protected readonly baseRepository_: DAL.RepositoryService
  protected readonly options_: LoyaltyModuleOptions
  protected readonly ledger_ = new LedgerStore()

  constructor(
    { baseRepository }: InjectedDependencies,
    options: LoyaltyModuleOptions = {}
  ) {
    // @ts-ignore MedusaService takes the same arguments
    super(...arguments)
    this.baseRepository_ = baseRepository
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
  // The ledger is written only through the methods below. The generated
  // writers would bypass the balances and the lock, so they refuse.
  // ---------------------------------------------------------------------

  // @ts-expect-error the generated signature is replaced on purpose
  async createLoyaltyEntries(): Promise<never> {
    throw appendOnly("created through earnPoints, spendPoints, adjustPoints or reversePoints")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async updateLoyaltyEntries(): Promise<never> {
    throw appendOnly("never updated: record a correcting entry instead")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async deleteLoyaltyEntries(): Promise<never> {
    throw appendOnly("never deleted: record a correcting entry instead")
  }
  // @ts-expect-error the generated signature is replaced on purpose
  async softDeleteLoyaltyEntries(): Promise<never> {
    throw appendOnly("never deleted: record a correcting entry instead")
  }

  // ---------------------------------------------------------------------
  // Program and tiers
  // ---------------------------------------------------------------------

  /**
   * The shop's program settings, created with the defaults (PRODUCT.md's,
   * then the plugin's `program` option) and the default tiers on first use.
   */
  @InjectManager()
  async retrieveProgramSettings(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ProgramSettings> {
    // Read without a transaction: this runs on every order and page view.
    const row = await this.ledger_.findProgram(knexOf(sharedContext), DEFAULT_PROGRAM_HANDLE)
    return row ? resolveProgramSettings(row.settings) : await this.createDefaultProgram_(sharedContext)
  }

  @InjectTransactionManager()
  protected async createDefaultProgram_(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ProgramSettings> {
    const trx = transactionOf(sharedContext)
    const created = await this.ledger_.insertProgramIfMissing(
      trx,
      DEFAULT_PROGRAM_HANDLE,
      resolveProgramSettings(this.options_.program)
    )
    if (created) {
      await this.ledger_.insertTiers(trx, DEFAULT_TIERS)
    }
    // another process may have won the race: read what is stored
    const stored = await this.ledger_.findProgram(trx, DEFAULT_PROGRAM_HANDLE)
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
    const result = programSettingsSchema.safeParse(
      layerProgramSettings(current, patch)
    )
    if (!result.success) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Invalid program settings: ${describeIssues(result.error.issues)}`
      )
    }
    await this.ledger_.updateProgram(
      transactionOf(sharedContext),
      DEFAULT_PROGRAM_HANDLE,
      result.data
    )
    return result.data
  }

  // ---------------------------------------------------------------------
  // Accounts
  // ---------------------------------------------------------------------

  /**
   * The member's account, created (with a unique referral code) on first
   * need. Safe to call concurrently for the same customer.
   */
  @InjectTransactionManager()
  async retrieveOrCreateAccount(
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyAccountDTO> {
    requireId(customerId, "customer_id")
    const trx = transactionOf(sharedContext)
    return toAccountDTO(await this.ledger_.ensureAccount(trx, customerId))
  }

  @InjectManager()
  async retrieveAccountByCustomer(
    customerId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyAccountDTO | null> {
    const [account] = await this.listLoyaltyAccounts(
      { customer_id: customerId },
      { take: 1 },
      sharedContext
    )
    return (account as unknown as LoyaltyAccountDTO) ?? null
  }

  /**
   * The member's tier and progress to the next one, by the program's tier
   * metric over its window. A tier set on the account (by the tier
   * evaluation, or an admin) wins over the computed one.
   */
  @InjectManager()
  async retrieveTierStanding(
    customerId: string,
    { now = new Date(), settings }: { now?: Date; settings?: ProgramSettings } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<TierStanding> {
    const knex = knexOf(sharedContext)
    const [program, tiers, account] = await Promise.all([
      settings ?? this.retrieveProgramSettings(sharedContext),
      this.listLoyaltyTiers({}, { order: { rank: "ASC" } }, sharedContext) as unknown as Promise<
        LoyaltyTierDTO[]
      >,
      this.ledger_.findAccountByCustomer(knex, customerId),
    ])
    const totals = account
      ? await this.ledger_.qualifyingTotals(
          knex,
          account.id,
          tierWindowStart(program.tiers.window, now),
          program.tiers.currency_code
        )
      : { points: 0, orders: 0, spend: "0" }
    const qualifying =
      program.tiers.metric === "spend"
        ? totals.spend
        : program.tiers.metric === "points"
          ? totals.points
          : totals.orders
    const held = account?.tier_id ? tiers.find((t) => t.id === account.tier_id) : null
    return {
      metric: program.tiers.metric,
      window: program.tiers.window,
      qualifying: MathBN.convert(qualifying).toNumber(),
      ...tierProgress(tiers, qualifying, held),
    }
  }

  /**
   * The member's earn multiplier: their tier's, or 1. Earning reads it only
   * through here, so tier rules change in one place.
   */
  async retrieveEarnMultiplier(customerId: string, settings?: ProgramSettings): Promise<string> {
    const standing = await this.retrieveTierStanding(customerId, { settings })
    return tierMultiplier(standing.tier).toString()
  }

  /**
   * Sets the member's birthday (a calendar date, YYYY-MM-DD). A member sets
   * it once; changing it takes `overwrite` (an admin), so the birthday bonus
   * cannot be collected twice a year by moving the date.
   */
  @InjectTransactionManager()
  async setBirthday(
    customerId: string,
    birthday: string,
    { overwrite = false }: { overwrite?: boolean } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LoyaltyAccountDTO> {
    const date = parseCalendarDate(birthday)
    const trx = transactionOf(sharedContext)
    const account = await this.ledger_.ensureAccount(trx, customerId, { lock: true })
    const current = account.birthday ? new Date(account.birthday).toISOString().slice(0, 10) : null
    if (current === birthday) {
      return toAccountDTO(account)
    }
    if (current && !overwrite) {
      throw conflictError(
        `The birthday is already set to ${current}; only the shop can change it`
      )
    }
    await this.ledger_.updateBirthday(trx, account.id, date)
    return toAccountDTO((await this.ledger_.findAccountById(trx, account.id))!)
  }

  /** Members whose birthday is on `date` (UTC); 29 February birthdays count on 28 February in common years. */
  @InjectManager()
  async listBirthdayCustomerIds(
    date: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    return await this.ledger_.birthdayCustomerIds(knexOf(sharedContext), date)
  }

  // ---------------------------------------------------------------------
  // Ledger operations
  // ---------------------------------------------------------------------

  /**
   * Credits points. With a future `available_at` they stay pending until
   * `releasePendingPoints` runs past that time. If the member owes points
   * from a reversal, available points pay that debt first.
   */
  @InjectTransactionManager()
  async earnPoints(
    input: EarnPointsInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LedgerResult> {
    assertPoints(input.points)
    if (!(EARN_REASONS as readonly string[]).includes(input.reason)) {
      throw invalid(
        `reason must be one of ${EARN_REASONS.join(", ")} to earn points`
      )
    }
    const availableAt = optionalDate(input.available_at, "available_at")
    const expiresAt = optionalDate(input.expires_at, "expires_at")

    return await this.withLockedAccount_(
      input.customer_id,
      input.idempotency_key,
      sharedContext,
      async (trx, account) => {
        const pending = !!availableAt && availableAt.getTime() > Date.now()
        const entry = await this.ledger_.appendEntry(trx, account, {
          ...entryContext(input),
          reason: input.reason,
          available_delta: pending ? 0 : input.points,
          pending_delta: pending ? input.points : 0,
          lifetime_delta: input.points,
          redeemed_delta: 0,
        })
        await this.ledger_.insertLot(trx, {
          account,
          entry_id: entry.id,
          points: input.points,
          status: pending ? "pending" : "available",
          available_at: availableAt,
          expires_at: expiresAt,
        })
        return entry
      },
      input.points
    )
  }

  /**
   * Takes available points: a redemption at checkout or an expiry. Refused
   * with a CONFLICT error when the available balance is smaller; it never
   * goes below zero.
   */
  @InjectTransactionManager()
  async spendPoints(
    input: SpendPointsInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LedgerResult> {
    assertPoints(input.points)
    const reason = input.reason ?? "redemption"
    if (!(SPEND_REASONS as readonly string[]).includes(reason)) {
      throw invalid(`reason must be one of ${SPEND_REASONS.join(", ")} to spend points`)
    }
    return await this.withLockedAccount_(
      input.customer_id,
      input.idempotency_key,
      sharedContext,
      async (trx, account) => {
        assertEnough(account, input.points)
        await this.ledger_.consumeLots(trx, account.id, input.points)
        return await this.ledger_.appendEntry(trx, account, {
          ...entryContext(input),
          reason,
          available_delta: -input.points,
          pending_delta: 0,
          lifetime_delta: 0,
          redeemed_delta: reason === "redemption" ? input.points : 0,
        })
      },
      -input.points
    )
  }

  /**
   * An admin's correction: positive credits available points at once,
   * negative takes available points and, like a spend, never below zero.
   * Both count in lifetime points, since they correct what was earned.
   */
  @InjectTransactionManager()
  async adjustPoints(
    input: AdjustPointsInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LedgerResult> {
    assertPoints(input.points, { allowNegative: true })
    return await this.withLockedAccount_(
      input.customer_id,
      input.idempotency_key,
      sharedContext,
      async (trx, account) => {
        if (input.points < 0) {
          assertEnough(account, -input.points)
          await this.ledger_.consumeLots(trx, account.id, -input.points)
        }
        const entry = await this.ledger_.appendEntry(trx, account, {
          ...entryContext(input),
          reason: "adjustment",
          available_delta: input.points,
          pending_delta: 0,
          lifetime_delta: input.points,
          redeemed_delta: 0,
        })
        if (input.points > 0) {
          await this.ledger_.insertLot(trx, {
            account,
            entry_id: entry.id,
            points: input.points,
            status: "available",
          })
        }
        return entry
      },
      input.points
    )
  }

  /**
   * Reverses all or part of an earlier entry, as a new entry that points at
   * it. Never reverses more than what is left of the original across all
   * its reversals.
   *
   * - A credit (earn, positive adjustment) is taken back from its own
   *   pending lot first, then from available points. That may leave the
   *   balance negative: the member spent points that are now taken back.
   * - A debit (redemption, expiry, negative adjustment) gives the points
   *   back as available points.
   */
  @InjectTransactionManager()
  async reversePoints(
    input: ReversePointsInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<LedgerResult> {
    requireId(input.entry_id, "entry_id")
    if (input.points !== undefined) {
      assertPoints(input.points)
    }
    const origin = await this.findReversibleEntry_(input.entry_id, sharedContext)

    return await this.withLockedAccount_(
      origin.customer_id,
      input.idempotency_key,
      sharedContext,
      async (trx, account) => {
        const outstanding = await this.outstanding_(trx, origin)
        const points = input.points ?? outstanding
        if (points <= 0 || points > outstanding) {
          throw conflictError(
            `Entry ${origin.id} has ${outstanding} points left to reverse; ${points} requested`
          )
        }
        return await this.reverseLocked_(trx, account, origin, points, input)
      }
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
    const origin = await this.findReversibleEntry_(input.entry_id, sharedContext)
    let nothingToDo = false
    const result = await this.withLockedAccount_(
      origin.customer_id,
      input.idempotency_key,
      sharedContext,
      async (trx, account) => {
        const already = await this.ledger_.sumReversals(trx, origin.id)
        const points = Math.min(input.total, Math.abs(origin.points)) - already
        if (points <= 0) {
          nothingToDo = true
          return null
        }
        return await this.reverseLocked_(trx, account, origin, points, input)
      }
    )
    return nothingToDo ? null : result
  }

  protected async findReversibleEntry_(entryId: string, sharedContext: Context) {
    const origin = await this.ledger_.findEntry(transactionOf(sharedContext), entryId)
    if (!origin) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Ledger entry ${entryId} was not found`)
    }
    if (!REVERSIBLE_REASONS.has(origin.reason)) {
      throw invalid(`A ${origin.reason} entry cannot be reversed`)
    }
    return origin
  }

  protected async outstanding_(trx: Transaction, origin: EntryRow) {
    return Math.abs(origin.points) - (await this.ledger_.sumReversals(trx, origin.id))
  }

  /** Writes a reversal of `points` of `origin`; the caller holds the account's lock. */
  protected async reverseLocked_(
    trx: Transaction,
    account: AccountRow,
    origin: EntryRow,
    points: number,
    input: Omit<ReversePointsInput, "points">
  ) {
    const context = {
      ...entryContext(input),
      source_type: input.source_type ?? origin.source_type,
      source_id: input.source_id ?? origin.source_id,
      sales_channel_id: input.sales_channel_id ?? origin.sales_channel_id,
      currency_code: input.currency_code ?? origin.currency_code,
      origin_entry_id: origin.id,
      reason: "reversal" as const,
    }

    if (origin.points > 0) {
      const fromPending = await this.ledger_.takeFromPendingLot(trx, origin.id, points)
      const fromAvailable = points - fromPending
      if (fromAvailable > 0) {
        await this.ledger_.consumeLots(trx, account.id, fromAvailable, origin.id)
      }
      return await this.ledger_.appendEntry(trx, account, {
        ...context,
        available_delta: -fromAvailable,
        pending_delta: -fromPending,
        lifetime_delta: origin.lifetime_delta !== 0 ? -points : 0,
        redeemed_delta: 0,
      })
    }

    const entry = await this.ledger_.appendEntry(trx, account, {
      ...context,
      available_delta: points,
      pending_delta: 0,
      lifetime_delta: origin.lifetime_delta !== 0 ? points : 0,
      redeemed_delta: origin.redeemed_delta !== 0 ? -points : 0,
    })
    await this.ledger_.insertLot(trx, {
      account,
      entry_id: entry.id,
      points,
      status: "available",
    })
    return entry
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
    const knex = knexOf(sharedContext)
    const due = await this.ledger_.findDuePendingLots(knex, now, limit)

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
    let account = await this.ledger_.lockAccountById(trx, accountId)
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
      await this.ledger_.markLotReleased(
        trx,
        lot.id,
        lot.remaining - Math.min(lot.remaining, debt)
      )
      account = {
        ...account,
        points_balance: entry.balance_after,
        points_pending: entry.pending_after,
      }
      entries.push(toEntryDTO(entry))
    }
    return { lots: lots.length, entries }
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
    const total = await this.ledger_.countAccounts(knex)
    const drifts: AccountDrift[] = []
    let checked = 0
    let after: string | null = null
    for (;;) {
      const rows = await this.ledger_.reconcileBatch(knex, after, batchSize)
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
    return { accounts_checked: checked, drifts }
  }

  /**
   * Locks the member's account (creating it on first need), replays an
   * already recorded idempotency key, or runs `write` and returns what it
   * recorded with the account's new totals.
   */
  protected async withLockedAccount_(
    customerId: string,
    idempotencyKey: string,
    sharedContext: Context,
    write: (trx: Transaction, account: AccountRow) => Promise<EntryDraft | any>,
    expectedPoints?: number
  ): Promise<LedgerResult> {
    requireId(customerId, "customer_id")
    requireId(idempotencyKey, "idempotency_key")
    const trx = transactionOf(sharedContext)
    // Lock first, then look the key up: under the lock no other writer for
    // this account can record the same key between the check and the insert.
    // The unique index still guards keys reused across accounts.
    const account = await this.ledger_.ensureAccount(trx, customerId, { lock: true })
    const existing = await this.ledger_.findEntryByKey(trx, idempotencyKey)
    if (existing) {
      if (existing.account_id !== account.id) {
        throw conflictError(`Idempotency key ${idempotencyKey} was already used for another account`
        )
      }
      if (expectedPoints !== undefined && existing.points !== expectedPoints) {
        throw conflictError(`Idempotency key ${idempotencyKey} was already used for a change of ${existing.points} points, not ${expectedPoints}`
        )
      }
      return { entry: toEntryDTO(existing), account: toAccountDTO(account), replayed: true }
    }
    const entry = await write(trx, account)
    const updated = await this.ledger_.findAccountById(trx, account.id)
    return {
      // null only where a caller (reversePointsUpTo) found nothing to write
      entry: entry ? toEntryDTO(entry) : (null as unknown as LoyaltyEntryDTO),
      account: toAccountDTO(updated!),
      replayed: false,
    }
  }
}

function transactionOf(sharedContext: Context): Transaction {
  const trx = (sharedContext.transactionManager as any)?.getTransactionContext?.()
  if (!trx) {
    // A ledger write outside a transaction would drop its lock at once.
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      "Loyalty ledger writes must run inside a transaction"
    )
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
  actor_type: EntryDraft["actor_type"]
  actor_id?: string | null
}) {
  return {
    idempotency_key: input.idempotency_key,
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

function assertPoints(points: unknown, options?: { allowNegative?: boolean }) {
  const problem = pointsProblem(points, options)
  if (problem) {
    throw invalid(POINTS_PROBLEM_MESSAGES[problem])
  }
}

function assertEnough(account: AccountRow, points: number) {
  if (account.points_balance < points) {
    throw conflictError(`Not enough points: ${Math.max(0, account.points_balance)} available, ${points} requested`
    )
  }
}

function requireId(value: unknown, name: string) {
  if (typeof value !== "string" || !value.trim()) {
    throw invalid(`${name} is required`)
  }
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

function parseCalendarDate(value: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? "")
  const date = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : null
  if (!date || date.toISOString().slice(0, 10) !== value || date.getTime() > Date.now()) {
    throw invalid("birthday must be a past calendar date written YYYY-MM-DD")
  }
  return date
}

function invalid(message: string) {
  return new MedusaError(MedusaError.Types.INVALID_DATA, message)
}

function appendOnly(message: string) {
  return new MedusaError(
    MedusaError.Types.NOT_ALLOWED,
    `Loyalty ledger entries are ${message}`
  )
}

function driftsOf(row: Awaited<ReturnType<LedgerStore["reconcileBatch"]>>[number]) {
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
    .map(([field, stored, expected]) => ({
      account_id: row.id,
      customer_id: row.customer_id,
      field,
      stored,
      expected,
    }))
}

export function toAccountDTO(row: AccountRow): LoyaltyAccountDTO {
  return {
    id: row.id,
    customer_id: row.customer_id,
    points_balance: row.points_balance,
    points_pending: row.points_pending,
    lifetime_points: row.lifetime_points,
    lifetime_redeemed: row.lifetime_redeemed,
    tier_id: row.tier_id,
    referral_code: row.referral_code,
    birthday: row.birthday,
    metadata: row.metadata,
    created_at: row.created_at,
    updated_at: row.updated_at,
  }
}

export function toEntryDTO(row: any): LoyaltyEntryDTO {
  const { updated_at, deleted_at, ...entry } = row
  return entry as LoyaltyEntryDTO
}
