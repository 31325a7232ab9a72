import { generateEntityId, MathBN, MedusaError } from "@medusajs/framework/utils"
import {
  evaluateTier,
  qualifyingValue,
  TierDefinition,
  tierSetProblems,
  tierWindowStart,
} from "../../../rules/tiers"
import type { LoyaltyTierDTO, TierChange } from "../../../types/loyalty"
import type { Transaction } from "../ledger/ledger-store"
import type { MemberStore } from "../members/member-store"
import type { ProgramSettings } from "../program/program-settings"
import { AccountTierRow, TIER, TierBatchStore } from "./tier-store"

/** What one evaluation of one account gives. */
export type TierEvaluationResult = {
  account_id: string
  tier_id: string | null
  tier_expires_at: Date | null
  change: TierChange | null
}

/** A tier as an admin writes it: names and perks per language (`en` is the stored default). */
export type TierInput = {
  name: Record<string, string>
  threshold: string
  multiplier: string
  discount_percent: string | null
  perks: Record<string, string> | null
}

/**
 * Tier evaluation and the tier set, over the stores: evaluates many
 * accounts at once (one totals read and one write per batch, whatever its
 * size) and validates every change of the set as a whole. Every method
 * takes the caller's transaction and the program; none opens one.
 */
export class TierEngine {
  constructor(
    protected readonly batch: TierBatchStore,
    protected readonly members: MemberStore
  ) {}

  /**
   * Evaluates locked accounts at `now` (the rule is `evaluateTier`) and
   * stores the results; an override that ended, or whose tier is gone, is
   * cleared. Returns one result per account, with the change if the held
   * tier changed.
   */
  async evaluate(
    trx: Transaction,
    states: AccountTierRow[],
    now: Date,
    program: ProgramSettings,
    tiers: LoyaltyTierDTO[]
  ): Promise<TierEvaluationResult[]> {
    if (!states.length) {
      return []
    }
    const totals = await this.batch.qualifyingTotals(
      trx,
      states.map((s) => s.id),
      tierWindowStart(program.tiers.window, now),
      { countAdjustments: program.tiers.count_adjustments, withPoints: program.tiers.metric === "points" }
    )
    const known = new Set(tiers.map((t) => t.id))
    const writes: Parameters<TierBatchStore["updateTierStates"]>[1] = []
    const results: TierEvaluationResult[] = []
    for (const state of states) {
      const total = totals.get(state.id)!
      const overrideLive =
        !!state.tier_override_id &&
        known.has(state.tier_override_id) &&
        (!state.tier_override_until || state.tier_override_until.getTime() > now.getTime())
      const result = evaluateTier(tiers, {
        qualifying: qualifyingValue(program.tiers.metric, total),
        earned: {
          tier_id: state.earned_tier_id,
          tier_since: state.earned_tier_since,
          tier_expires_at: state.earned_tier_expires_at,
        },
        held_tier_id: state.tier_id,
        override: state.tier_override_id ? { tier_id: state.tier_override_id, until: state.tier_override_until } : null,
        now,
        grace_days: program.tiers.grace_days,
      })
      writes.push({
        id: state.id,
        earned_tier_id: result.earned.tier_id,
        earned_tier_since: result.earned.tier_since,
        earned_tier_expires_at: result.earned.tier_expires_at,
        tier_id: result.tier_id,
        tier_since: result.change ? now : state.tier_since ?? now,
        tier_expires_at: result.tier_expires_at,
        tier_evaluated_at: now,
        clear_override: !!state.tier_override_id && !overrideLive,
      })
      results.push({
        account_id: state.id,
        tier_id: result.tier_id,
        tier_expires_at: result.tier_expires_at,
        change: result.change
          ? {
              account_id: state.id,
              customer_id: null,
              ...result.change,
              changed_at: now.toISOString(),
              initial: result.change.from === null && result.change.to === (tiers[0]?.id ?? null),
            }
          : null,
      })
    }
    await this.batch.updateTierStates(trx, writes)
    const changed = results.filter((r) => r.change)
    if (changed.length) {
      const customers = await this.members.customerIdsOfAccounts(trx, changed.map((r) => r.account_id))
      for (const r of changed) {
        r.change!.customer_id = customers.get(r.account_id) ?? null
      }
    }
    return results
  }

  /**
   * Applies a change to the tier set (a new tier, an edit, a deletion) and
   * checks the whole set (`tierSetProblems`); ranks follow thresholds.
   * Serialised by an advisory lock, so two admins' edits never interleave.
   * Throws INVALID_DATA naming the field (`threshold`, or
   * `tiers.<name>.threshold` for another tier the change conflicts with).
   */
  async saveTierSet(
    trx: Transaction,
    change: { id?: string; input?: Partial<TierInput>; delete?: boolean }
  ): Promise<{ tier: LoyaltyTierDTO | null; deleted: LoyaltyTierDTO | null }> {
    await trx.raw(`SELECT pg_advisory_xact_lock(hashtextextended('kapy-tier-set', 7))`)
    const current: (LoyaltyTierDTO & { _new?: boolean })[] = await trx(TIER).whereNull("deleted_at").orderBy("rank")
    let target = change.id ? current.find((t) => t.id === change.id) : undefined
    if (change.id && !target) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Tier with id: ${change.id} was not found`)
    }
    let set = current.map((t) => ({ ...t }))
    let deleted: LoyaltyTierDTO | null = null
    if (change.delete) {
      deleted = target!
      set = set.filter((t) => t.id !== change.id)
    } else {
      const input = change.input ?? {}
      const base = target ?? ({ id: generateEntityId(undefined, "ktier"), _new: true, translations: {}, rank: 0 } as any)
      const translations = { ...(base.translations ?? {}) } as Record<string, { name?: string; perks?: string }>
      for (const [lang, name] of Object.entries(input.name ?? {})) {
        if (lang !== "en" && name) {
          translations[lang] = { ...translations[lang], name }
        }
      }
      if (input.perks !== undefined) {
        for (const lang of Object.keys(translations)) {
          delete translations[lang].perks
        }
        for (const [lang, perks] of Object.entries(input.perks ?? {})) {
          if (lang !== "en" && perks) {
            translations[lang] = { ...translations[lang], perks }
          }
        }
      }
      const next = {
        ...base,
        name: input.name?.en ?? base.name ?? "",
        threshold: input.threshold ?? base.threshold,
        multiplier: input.multiplier ?? base.multiplier,
        discount_percent: input.discount_percent !== undefined ? input.discount_percent : base.discount_percent ?? null,
        perks: input.perks !== undefined ? input.perks?.en ?? null : base.perks ?? null,
        translations,
      }
      set = target ? set.map((t) => (t.id === next.id ? next : t)) : [...set, next]
      target = next
    }
    set.sort((a, b) => MathBN.convert(a.threshold).comparedTo(MathBN.convert(b.threshold)) ?? 0)
    const problems = tierSetProblems(set as TierDefinition[])
    if (problems.length) {
      const named = problems.map(({ field, message }) => {
        const [, index, prop] = /^tiers\[(\d+)\]\.(\w+)$/.exec(field) ?? []
        if (index === undefined) {
          return `${field}: ${message}`
        }
        const tier = set[Number(index)]
        return `${tier.id === target?.id ? prop : `tiers.${tier.name}.${prop}`}: ${message}`
      })
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid tier: ${named.join("; ")}`)
    }

    // ranks follow thresholds; moved out of the way first (rank is unique)
    await trx(TIER).whereNull("deleted_at").update({ rank: trx.raw("-1 - rank") })
    if (deleted) {
      await trx(TIER).where({ id: deleted.id }).update({ deleted_at: new Date(), rank: -1000 - Number(deleted.rank) })
    }
    for (const [rank, tier] of set.entries()) {
      const row = {
        name: tier.name,
        rank,
        threshold: String(tier.threshold),
        raw_threshold: JSON.stringify({ value: String(tier.threshold), precision: 20 }),
        multiplier: String(tier.multiplier),
        raw_multiplier: JSON.stringify({ value: String(tier.multiplier), precision: 20 }),
        discount_percent: tier.discount_percent === null ? null : String(tier.discount_percent),
        raw_discount_percent:
          tier.discount_percent === null ? null : JSON.stringify({ value: String(tier.discount_percent), precision: 20 }),
        perks: tier.perks ?? null,
        translations: JSON.stringify(tier.translations ?? {}),
        updated_at: new Date(),
      }
      if ((tier as any)._new) {
        await trx(TIER).insert({ id: tier.id, ...row })
      } else {
        await trx(TIER).where({ id: tier.id }).update(row)
      }
    }
    const saved = target && !change.delete ? await trx(TIER).where({ id: target.id }).first() : null
    return { tier: saved ?? null, deleted }
  }

  /**
   * Records the Medusa objects a tier's pricing lives in. Only where none is
   * recorded yet when `onlyIfUnset`: of two processes that created a group
   * for the same tier at once, one wins and the other removes its own.
   */
  async setPricingLinks(
    trx: Transaction,
    tierId: string,
    links: { customer_group_id?: string | null; price_list_id?: string | null; promotion_id?: string | null },
    onlyIfUnset: boolean
  ): Promise<boolean> {
    const query = trx(TIER).where({ id: tierId })
    if (onlyIfUnset) {
      for (const key of Object.keys(links)) {
        query.whereNull(key)
      }
    }
    return (await query.update({ ...links, updated_at: new Date() })) > 0
  }
}
