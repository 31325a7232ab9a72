import type { LoyaltyActionDTO } from "../../../types/awards"
import type { LoyaltyTierDTO } from "../../../types/loyalty"
import type { Transaction } from "../ledger/ledger-store"
import type { StampCardRow } from "../stamps/stamp-store"
import { ProgramSettings, resolveProgramSettings } from "./program-settings"

export const PROGRAM_GENERATION = "kapy_program_generation"

/** A campaign as the earn reads it. */
export type ProgramCampaign = {
  id: string
  name: string
  multiplier: number | string
  scope: "catalog" | "collection" | "category" | "product"
  target_ids: string[]
  starts_at: Date
  ends_at: Date | null
  metadata: Record<string, unknown> | null
}

/**
 * The program's definition as one read saw it: the settings (null: no
 * program row yet), the tiers lowest first, every stamp card, every
 * custom action and the campaigns that can still matter (those running
 * at or after `campaigns_since`). Frozen: it is shared by every request
 * that sees the same `token`.
 */
export type ProgramSnapshot = {
  /** The generation the content belongs to (null: no generation row; such a snapshot is never cached). */
  token: string | null
  settings: ProgramSettings | null
  tiers: LoyaltyTierDTO[]
  stamp_cards: StampCardRow[]
  actions: LoyaltyActionDTO[]
  campaigns: ProgramCampaign[]
  /** Campaigns that ended before this moment are not in `campaigns` (read them from the database). */
  campaigns_since: Date
}

/** What the one statement returns; JSON-safe, so a shared cache (Medusa's caching module) can hold it as is. */
type SnapshotRow = {
  token: string | null
  settings: Record<string, unknown> | null
  tiers: any[]
  stamp_cards: any[]
  actions: any[]
  campaigns: any[]
  campaigns_since: string
}

/** The subset of Medusa's `ICachingModuleService` this cache uses. */
export type SharedCache = {
  get(input: { key: string }): Promise<any | null>
  set(input: { key: string; data: object; ttl?: number; tags?: string[]; options?: { autoInvalidate?: boolean } }): Promise<void>
}

/** Campaigns that ended longer ago than this are left out of the snapshot: an earn replayed that late reads them from the database. */
const CAMPAIGN_HORIZON_DAYS = 120
/** Snapshots kept in process: the current one and a few a slow request may still hold. */
const KEPT = 4
/** How long Medusa's caching module keeps a generation (its key never changes meaning, so this only bounds memory). */
const SHARED_TTL_SECONDS = 24 * 60 * 60

/**
 * The program's definition — settings, tiers, stamp cards, custom actions,
 * campaigns — cached by the program's generation, a random token in
 * `kapy_program_generation` that a statement trigger on each of those
 * tables replaces in the writing transaction (Migration20261208000200).
 *
 * Why a generation in the database rather than invalidation messages:
 * a reader learns the current token from a statement it sends anyway (the
 * member's read carries it as one more column) or from one indexed row,
 * so every instance — servers, workers, a second app on the same
 * database — sees a change from the moment it commits, with no event bus,
 * no delivery to miss and no window in which a process serves the old
 * program. A transaction that wrote sees its own token (and caches what
 * it sees under it); a rolled-back token is never visible to anyone else.
 * Content is keyed by token, so nothing is ever "invalidated": a new token
 * simply misses, and old entries age out.
 *
 * Two levels: an in-process map (the common case: zero statements), then,
 * when the app configures Medusa's caching module (`Modules.CACHING`, e.g.
 * with the Redis provider), that shared cache under
 * `kapy:program:<token>`, so that after a change one instance loads the
 * program and the others take it from there. On a miss everything is read
 * in one statement, the token with it: the content cached under a token is
 * always what that token's commit holds.
 */
export class ProgramCache {
  private readonly kept = new Map<string, ProgramSnapshot>()
  private readonly loading = new Map<string, Promise<ProgramSnapshot>>()

  constructor(
    private readonly handle: string,
    /** Medusa's caching module, when the app has one (resolved lazily: modules load in any order). */
    private readonly shared: () => SharedCache | undefined = () => undefined
  ) {}

  /** The current generation's token: one indexed row (null: no generation yet). */
  async currentToken(knex: Transaction): Promise<string | null> {
    const row = await knex(PROGRAM_GENERATION).where({ id: 1 }).first("token")
    return row?.token ?? null
  }

  /**
   * The program as of `token` (read with the caller's own statement), or
   * as of now when no token is given (one statement when cached, two when
   * not).
   */
  async snapshot(knex: Transaction, token?: string | null): Promise<ProgramSnapshot> {
    const current = token === undefined ? await this.currentToken(knex) : token
    const kept = current ? this.kept.get(current) : undefined
    if (kept) {
      return kept
    }
    if (!current) {
      return build(await this.load(knex))
    }
    const pending = this.loading.get(current)
    if (pending) {
      return await pending
    }
    const loading = this.fill(knex, current)
    this.loading.set(current, loading)
    try {
      return await loading
    } finally {
      this.loading.delete(current)
    }
  }

  /** Forgets what this process holds (the next read loads again). */
  clear() {
    this.kept.clear()
  }

  private async fill(knex: Transaction, token: string): Promise<ProgramSnapshot> {
    const key = `kapy:program:${this.handle}:${token}`
    const shared = this.sharedCache()
    let row: SnapshotRow | null = shared ? await shared.get({ key }).catch(() => null) : null
    if (!row) {
      row = await this.load(knex)
      if (shared && row.token === token && row.settings) {
        // autoInvalidate off: the key's content never changes; Medusa's own tag invalidation has nothing to do with it
        await shared.set({ key, data: row, ttl: SHARED_TTL_SECONDS, tags: ["kapy:program"], options: { autoInvalidate: false } }).catch(() => {})
      }
    }
    const snapshot = build(row)
    // the content belongs to the token read with it (a write may have committed since the caller's token)
    if (snapshot.token && snapshot.settings) {
      this.keep(snapshot.token, snapshot)
    }
    return snapshot
  }

  private keep(token: string, snapshot: ProgramSnapshot) {
    this.kept.delete(token)
    this.kept.set(token, snapshot)
    while (this.kept.size > KEPT) {
      this.kept.delete(this.kept.keys().next().value!)
    }
  }

  private sharedCache(): SharedCache | undefined {
    try {
      return this.shared()
    } catch {
      return undefined
    }
  }

  /** Everything, with the token, in one statement (one snapshot of the database). */
  private async load(knex: Transaction): Promise<SnapshotRow> {
    const { rows } = await knex.raw(
      `SELECT g.token,
              (SELECT p.settings FROM kapy_program p WHERE p.handle = ? AND p.deleted_at IS NULL LIMIT 1) AS settings,
              COALESCE((SELECT json_agg(t ORDER BY t.rank) FROM kapy_tier t WHERE t.deleted_at IS NULL), '[]') AS tiers,
              COALESCE((SELECT json_agg(c ORDER BY c.created_at) FROM kapy_stamp_card c WHERE c.deleted_at IS NULL), '[]') AS stamp_cards,
              COALESCE((SELECT json_agg(a ORDER BY a.created_at) FROM kapy_action a WHERE a.deleted_at IS NULL), '[]') AS actions,
              COALESCE((SELECT json_agg(k ORDER BY k.starts_at, k.id) FROM kapy_campaign k
                         WHERE k.deleted_at IS NULL AND (k.ends_at IS NULL OR k.ends_at > since.at)), '[]') AS campaigns,
              since.at AS campaigns_since
         FROM (SELECT now() - make_interval(days => ?) AS at) since
         LEFT JOIN ${PROGRAM_GENERATION} g ON g.id = 1`,
      [this.handle, CAMPAIGN_HORIZON_DAYS]
    )
    return rows[0]
  }
}

const DATE_FIELDS = ["created_at", "updated_at", "deleted_at", "starts_at", "ends_at"]

/** JSON's dates back to Dates, as the module's other reads return them. */
function withDates<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...row }
  for (const field of DATE_FIELDS) {
    if (typeof out[field] === "string") {
      out[field] = new Date(out[field] as string)
    }
  }
  return out as T
}

function build(row: SnapshotRow): ProgramSnapshot {
  return deepFreeze({
    token: row.token ?? null,
    settings: row.settings ? resolveProgramSettings(row.settings) : null,
    tiers: row.tiers.map((t) => withDates<LoyaltyTierDTO>(t)),
    stamp_cards: row.stamp_cards.map((c) => withDates<StampCardRow>(c)),
    actions: row.actions.map((a) => withDates<LoyaltyActionDTO>(a)),
    campaigns: row.campaigns.map((c) => withDates<ProgramCampaign>(c)),
    campaigns_since: new Date(row.campaigns_since),
  })
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !(value instanceof Date) && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value as Record<string, unknown>)) {
      deepFreeze(inner)
    }
  }
  return value
}
