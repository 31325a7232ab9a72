import "@shopify/shopify-api/adapters/node"
import { ApiVersion, LogSeverity, Shopify, shopifyApi } from "@shopify/shopify-api"
import { Context, DAL, Logger } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
} from "@medusajs/framework/utils"
import { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { KapyPluginOptions } from "../../types/plugin"
import { ShopifyAdminClient } from "./admin-client"
import {
  ShopifyDataRequest,
  ShopifyDiscountCode,
  ShopifyRefund,
  ShopifyShop,
  ShopifyStoreCredit,
  ShopifySyncCursor,
  ShopifyTierDiscount,
  ShopifyWebhookDelivery,
} from "./models"
import type { DataRequestStatus } from "./models/data-request"
import type { DiscountCodeStatus } from "./models/discount-code"
import type { StoreCreditStatus } from "./models/store-credit"
import type { DeliveryStatus } from "./models/webhook-delivery"
import { adminGraphqlUrl, ResolvedShopifyOptions, resolveShopifyOptions, shopBaseUrl } from "./options"
import { TokenCipher } from "./token-cipher"
import { dueForRenewal, IssuedToken, NON_EXPIRING_CUTOFF, requestToken, TokenEndpoint } from "./token-grants"

type Trx = Knex | Knex.Transaction

const DELIVERY = "kapy_shopify_webhook"
const SHOP = "kapy_shopify_shop"
const CURSOR = "kapy_shopify_sync_cursor"
const CODE = "kapy_shopify_discount_code"
const REFUND = "kapy_shopify_refund"
const TIER_DISCOUNT = "kapy_shopify_tier_discount"
const DATA_REQUEST = "kapy_shopify_data_request"
const STORE_CREDIT = "kapy_shopify_store_credit"
const OUTBOX = "kapy_shopify_outbox"

/** A delivery is tried this many times, then it is dead (the admin shows it, with a retry button). */
export const MAX_DELIVERY_ATTEMPTS = 8
/** The wait before the next try, by tries made so far (SQL): 15 s, 30 s, 1 min … at most an hour. */
const BACKOFF_SQL = `now() + least(interval '1 hour', interval '15 seconds' * power(2, greatest(attempts, 0)))`

/** One thing a committed batch still has to do outside its transaction. */
export type OutboxRow = { id: string; kind: string; payload: any; attempts: number }

export type DataRequestRow = {
  id: string
  shop_domain: string
  delivery_id: string
  data_request_id: string | null
  shopify_customer_id: string | null
  email: string | null
  account_id: string | null
  status: DataRequestStatus
  export: unknown
  created_at: Date
}

export type TierDiscountRow = {
  id: string
  shop_domain: string
  tier_id: string
  segment_id: string | null
  discount_id: string | null
  percent: string | null
}

export type WebhookDeliveryRow = {
  id: string
  webhook_id: string
  event_id: string | null
  topic: string
  shop_domain: string
  status: DeliveryStatus
  note: string | null
  customer_id: string | null
  payload: unknown
  attempts: number
  processed_at: Date | null
  order_key: string | null
  next_attempt_at: Date
  created_at: Date
}

export type DiscountCodeRow = {
  id: string
  shop_domain: string
  code: string
  account_id: string
  shopify_customer_id: string | null
  shopify_discount_id: string | null
  points: number
  amount: string
  currency_code: string
  status: DiscountCodeStatus
  spend_entry_id: string | null
  return_entry_id: string | null
  expires_at: Date
  used_at: Date | null
  note: string | null
  created_at: Date
}

export type StoreCreditRow = {
  id: string
  shop_domain: string
  request_key: string
  account_id: string
  shopify_customer_id: string | null
  shopify_transaction_id: string | null
  points: number
  amount: string
  currency_code: string
  status: StoreCreditStatus
  spend_entry_id: string | null
  return_entry_id: string | null
  unused_amount: string | null
  returned_points: number | null
  expires_at: Date
  note: string | null
  created_at: Date
}

export type SyncCursorRow = {
  id: string
  shop_domain: string
  resource: string
  updated_since: Date | null
  cursor: string | null
  run_max_updated_at: Date | null
  last_run_at: Date | null
}

export type ProxyCheck = { valid: true; customer_id: string | null } | { valid: false; reason: string }

/**
 * Kapy's Shopify adapter state: webhook deliveries (deduplicated on
 * Shopify's webhook id by a unique index), refunds seen, the
 * reconciliation cursor, discount codes bought with cones and the
 * encrypted offline token of an OAuth install. It also holds what talks to
 * Shopify: the `@shopify/shopify-api` instance (HMAC checks, OAuth) and
 * the cost-aware Admin GraphQL client.
 *
 * Without `shopify` options the module is inert: `isConfigured()` is false
 * and the adapter's routes answer 404.
 *
 * It knows nothing of points: the Shopify workflows move cones through the
 * loyalty module.
 */
export default class ShopifyModuleService extends MedusaService({
  ShopifyWebhookDelivery,
  ShopifyShop,
  ShopifySyncCursor,
  ShopifyDiscountCode,
  ShopifyRefund,
  ShopifyTierDiscount,
  ShopifyDataRequest,
  ShopifyStoreCredit,
}) {
  protected readonly baseRepository_: DAL.RepositoryService
  protected readonly options_: ResolvedShopifyOptions | undefined
  protected api_: Shopify | null = null
  protected admin_: ShopifyAdminClient | null = null
  protected cipher_: TokenCipher | null = null
  protected currency_: string | null = null
  protected readonly logger_: Pick<Logger, "warn"> | Console
  /** The clock tokens are judged by (tests set one). */
  protected clock_: () => number = Date.now
  /** A client-credentials token, held in memory (each instance asks for its own). */
  protected clientToken_: IssuedToken | null = null
  protected pendingToken_: Promise<string> | null = null
  protected pendingRefresh_: Promise<string> | null = null
  protected warnedNonExpiring_ = false

  constructor(
    { baseRepository, logger }: { baseRepository: DAL.RepositoryService; logger?: Logger },
    options: KapyPluginOptions = {}
  ) {
    // @ts-ignore MedusaService takes the same arguments
    super(...arguments)
    this.baseRepository_ = baseRepository
    this.logger_ = logger ?? console
    // Checked at start, naming the field: a half-configured adapter never serves a request.
    this.options_ = resolveShopifyOptions(options?.shopify)
    const key = this.options_?.token_encryption_key ?? process.env.KAPY_SHOPIFY_TOKEN_KEY
    if (this.options_ && key) {
      this.cipher_ = new TokenCipher(key)
    }
  }

  // ---------------------------------------------------------------------
  // Configuration and the Shopify library
  // ---------------------------------------------------------------------

  isConfigured(): boolean {
    return !!this.options_
  }

  /** The adapter's options; a 404 when the shop has no Shopify store configured. */
  requireOptions(): ResolvedShopifyOptions {
    if (!this.options_) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, "The Shopify adapter is not configured")
    }
    return this.options_
  }

  /** The `@shopify/shopify-api` instance for this shop (HMAC validation, OAuth). */
  api(): Shopify {
    if (!this.api_) {
      const options = this.requireOptions()
      const appUrl = new URL(options.app_url ?? "http://localhost:9000")
      this.api_ = shopifyApi({
        apiKey: options.api_key,
        apiSecretKey: options.api_secret,
        apiVersion: options.api_version as ApiVersion,
        hostName: appUrl.host,
        hostScheme: appUrl.protocol === "http:" ? "http" : "https",
        isEmbeddedApp: false,
        scopes: options.scopes,
        logger: { level: LogSeverity.Error },
        ...(options.access_token ? { isCustomStoreApp: true, adminApiAccessToken: options.access_token } : {}),
      })
    }
    return this.api_
  }

  /**
   * Checks an app proxy request's query: Shopify's `signature` (the other
   * parameters sorted, `key=value` joined without separator, hex
   * HMAC-SHA256 with the API secret, through the library), its timestamp no
   * older than `proxy_max_age_seconds` (nor from the future), and that it
   * comes from this shop. `customer_id` is `logged_in_customer_id` (null
   * when the shopper is not logged in).
   */
  async verifyProxyQuery(query: Record<string, unknown>, now: Date = new Date()): Promise<ProxyCheck> {
    const options = this.requireOptions()
    const params: Record<string, string | string[]> = {}
    for (const [key, value] of Object.entries(query ?? {})) {
      params[key] = Array.isArray(value) ? value.map(String) : String(value ?? "")
    }
    if (typeof params.signature !== "string" || !params.signature) {
      return { valid: false, reason: "signature is missing" }
    }
    const timestamp = Number(params.timestamp)
    const age = now.getTime() / 1000 - timestamp
    if (!Number.isFinite(timestamp) || age > options.proxy_max_age_seconds || age < -60) {
      return { valid: false, reason: "timestamp is stale" }
    }
    // The library checks the signature and, again, the timestamp (within 90 s either way).
    let valid = false
    try {
      valid = await this.api().utils.validateHmac(params as any, { signator: "appProxy" })
    } catch (error: any) {
      return { valid: false, reason: /timestamp/i.test(String(error?.message)) ? "timestamp is stale" : "signature does not match" }
    }
    if (!valid) {
      return { valid: false, reason: "signature does not match" }
    }
    if (params.shop && params.shop !== options.shop) {
      return { valid: false, reason: "shop is not this store" }
    }
    const customer = typeof params.logged_in_customer_id === "string" ? params.logged_in_customer_id.trim() : ""
    return { valid: true, customer_id: /^\d+$/.test(customer) ? customer : null }
  }

  /** The cost-aware Admin GraphQL client (the custom app's token, or the stored offline token). */
  admin(): ShopifyAdminClient {
    if (!this.admin_) {
      const options = this.requireOptions()
      this.admin_ = new ShopifyAdminClient({
        url: adminGraphqlUrl(options),
        accessToken: () => this.accessToken(),
        renewToken: (refused) => this.renewRefusedToken(refused),
      })
    }
    return this.admin_
  }

  /** Replaces the Admin client (tests: a client whose backoff waits are recorded). */
  setAdminClient(client: ShopifyAdminClient | null) {
    this.admin_ = client
  }

  /** The shop's currency, lower-case: the option, or asked once from the Admin API. */
  async shopCurrency(): Promise<string> {
    const options = this.requireOptions()
    if (options.currency_code) {
      return options.currency_code
    }
    if (!this.currency_) {
      const { data } = await this.admin().request<{ shop: { currencyCode: string } }>(`query KapyShopCurrency { shop { currencyCode } }`)
      this.currency_ = data.shop.currencyCode.toLowerCase()
    }
    return this.currency_
  }

  // ---------------------------------------------------------------------
  // Tokens: a legacy custom app's, client credentials, the OAuth install's
  // ---------------------------------------------------------------------

  /** Tests: the clock tokens are judged by (null: the real one). */
  setClock(now: (() => number) | null) {
    this.clock_ = now ?? Date.now
  }

  /**
   * The Admin API token. A legacy custom app's `access_token` as given; a
   * Dev Dashboard app's (`auth: "client_credentials"`) asked of Shopify and
   * asked again five minutes before it expires, one request however many
   * callers wait; else the OAuth install's offline token, decrypted, and
   * refreshed with its refresh token when it is about to expire.
   */
  async accessToken(sharedContext: Context = {}): Promise<string> {
    const options = this.requireOptions()
    if (options.access_token) {
      return options.access_token
    }
    if (options.auth === "client_credentials") {
      return await this.clientCredentialsToken_()
    }
    return await this.offlineToken_(sharedContext)
  }

  /**
   * Shopify answered 401 to `refused`: gets a new token if one can be had
   * (a client-credentials token asked again, an expiring offline token
   * refreshed) and says whether to try again.
   */
  async renewRefusedToken(refused: string): Promise<boolean> {
    const options = this.requireOptions()
    if (options.access_token) {
      return false
    }
    if (options.auth === "client_credentials") {
      if (this.clientToken_?.access_token === refused) {
        this.clientToken_ = null
      }
      return true
    }
    const row = await this.shopRow_()
    if (!row?.refresh_token_encrypted) {
      return false
    }
    await this.refreshOnce_(refused)
    return true
  }

  protected tokenEndpoint_(): TokenEndpoint {
    const options = this.requireOptions()
    return { base: shopBaseUrl(options), client_id: options.api_key, client_secret: options.api_secret, now: () => this.clock_() }
  }

  protected async clientCredentialsToken_(): Promise<string> {
    const held = this.clientToken_
    if (held && !dueForRenewal(held.expires_at, this.clock_())) {
      return held.access_token
    }
    this.pendingToken_ ??= requestToken(this.tokenEndpoint_(), { grant_type: "client_credentials" })
      .then((token) => {
        this.clientToken_ = token
        return token.access_token
      })
      .finally(() => {
        this.pendingToken_ = null
      })
    return await this.pendingToken_
  }

  @InjectManager()
  protected async shopRow_(@MedusaContext() sharedContext: Context = {}) {
    const options = this.requireOptions()
    return await knexOf(sharedContext)(SHOP).where({ shop_domain: options.shop }).whereNull("deleted_at").first()
  }

  protected async offlineToken_(sharedContext: Context): Promise<string> {
    const options = this.requireOptions()
    const row = await this.shopRow_(sharedContext)
    if (!row?.access_token_encrypted) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Kapy is not installed on ${options.shop}: open /shopify/auth to install it`)
    }
    if (!row.access_token_expires_at) {
      this.checkNonExpiringToken_()
      return this.requireCipher().decrypt(row.access_token_encrypted)
    }
    if (!dueForRenewal(row.access_token_expires_at, this.clock_())) {
      return this.requireCipher().decrypt(row.access_token_encrypted)
    }
    return await this.refreshOnce_(null)
  }

  /** One refresh at a time in this process; the row lock makes it one across instances. */
  protected async refreshOnce_(refused: string | null): Promise<string> {
    this.pendingRefresh_ ??= this.refreshOfflineToken_(refused).finally(() => {
      this.pendingRefresh_ = null
    })
    return await this.pendingRefresh_
  }

  /**
   * Refreshes the stored offline token under the shop row's lock: another
   * instance may have refreshed it while this one waited (then its token
   * is used). Shopify replaces the refresh token on every use, so the new
   * pair is stored before the lock is let go.
   */
  @InjectTransactionManager()
  protected async refreshOfflineToken_(refused: string | null, @MedusaContext() sharedContext: Context = {}): Promise<string> {
    const options = this.requireOptions()
    const trx = transactionOf(sharedContext)
    const cipher = this.requireCipher()
    const row = await trx(SHOP).where({ shop_domain: options.shop }).whereNull("deleted_at").forUpdate().first()
    if (!row?.access_token_encrypted) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Kapy is not installed on ${options.shop}: open /shopify/auth to install it`)
    }
    const current = cipher.decrypt(row.access_token_encrypted)
    const stillGood = row.access_token_expires_at && !dueForRenewal(row.access_token_expires_at, this.clock_())
    if (stillGood && current !== refused) {
      return current
    }
    const refreshExpired = row.refresh_token_expires_at && new Date(row.refresh_token_expires_at).getTime() <= this.clock_()
    if (!row.refresh_token_encrypted || refreshExpired) {
      throw new MedusaError(
        MedusaError.Types.UNAUTHORIZED,
        `The offline token of ${options.shop} expired and its refresh token is ${refreshExpired ? "expired too" : "missing"}: open /shopify/auth?shop=${options.shop} (or the app in the shop's admin) to install Kapy again`
      )
    }
    const issued = await requestToken(this.tokenEndpoint_(), {
      grant_type: "refresh_token",
      refresh_token: cipher.decrypt(row.refresh_token_encrypted),
    }).catch((error) => {
      throw MedusaError.isMedusaError(error)
        ? new MedusaError(error.type, `${error.message}; open /shopify/auth?shop=${options.shop} (or the app in the shop's admin) to install Kapy again`)
        : error
    })
    await trx(SHOP)
      .where({ id: row.id })
      .update({
        access_token_encrypted: cipher.encrypt(issued.access_token),
        access_token_expires_at: issued.expires_at,
        refresh_token_encrypted: issued.refresh_token ? cipher.encrypt(issued.refresh_token) : row.refresh_token_encrypted,
        refresh_token_expires_at: issued.refresh_token ? issued.refresh_token_expires_at : row.refresh_token_expires_at,
        scopes: issued.scope ?? row.scopes,
        updated_at: trx.fn.now(),
      })
    return issued.access_token
  }

  /** A non-expiring offline token: refused by Shopify from 2027-01-01 (an error here), a warning before. */
  protected checkNonExpiringToken_() {
    const shop = this.requireOptions().shop
    const what = `The stored offline token of ${shop} does not expire, and Shopify refuses a public app's non-expiring token from 2027-01-01`
    const todo = `install Kapy again through /shopify/auth?shop=${shop} (it asks for an expiring token), or, for a Dev Dashboard app on your own shop, set the option shopify.auth to "client_credentials"`
    if (this.clock_() >= NON_EXPIRING_CUTOFF.getTime()) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `${what}: ${todo}`)
    }
    if (!this.warnedNonExpiring_) {
      this.warnedNonExpiring_ = true
      this.logger_.warn(`[kapy shopify] ${what}; before then, ${todo}`)
    }
  }

  /** Stores an OAuth install's offline token (expiring, with its refresh token), encrypted; a reinstall replaces it. */
  @InjectTransactionManager()
  async saveOfflineToken(
    input: {
      shop_domain: string
      access_token: string
      scopes: string | null
      expires_at?: Date | null
      refresh_token?: string | null
      refresh_token_expires_at?: Date | null
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const cipher = this.requireCipher()
    const sealed = cipher.encrypt(input.access_token)
    const refresh = input.refresh_token ? cipher.encrypt(input.refresh_token) : null
    await transactionOf(sharedContext)
      .raw(
        `INSERT INTO ${SHOP} (id, shop_domain, access_token_encrypted, access_token_expires_at, refresh_token_encrypted,
                              refresh_token_expires_at, scopes, installed_at, uninstalled_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, now(), NULL)
         ON CONFLICT (shop_domain) WHERE deleted_at IS NULL
         DO UPDATE SET access_token_encrypted = EXCLUDED.access_token_encrypted,
                       access_token_expires_at = EXCLUDED.access_token_expires_at,
                       refresh_token_encrypted = EXCLUDED.refresh_token_encrypted,
                       refresh_token_expires_at = EXCLUDED.refresh_token_expires_at,
                       scopes = EXCLUDED.scopes, installed_at = now(), uninstalled_at = NULL, updated_at = now()`,
        [
          generateEntityId(undefined, "kssh"),
          input.shop_domain,
          sealed,
          input.expires_at ?? null,
          refresh,
          input.refresh_token_expires_at ?? null,
          input.scopes,
        ]
      )
  }

  /**
   * Whether the app stands uninstalled from the shop: an `app/uninstalled`
   * came and no install since (a reinstall clears `uninstalled_at`). A
   * shop with no row (a custom app configured by token) is installed.
   */
  @InjectManager()
  async isUninstalled(shopDomain: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const row = await knexOf(sharedContext)(SHOP).select("uninstalled_at").where({ shop_domain: shopDomain }).whereNull("deleted_at").first()
    return !!row?.uninstalled_at
  }

  /** `app/uninstalled`: the token is useless now; it is dropped. The loyalty data stays (shop/redact erases it). */
  @InjectTransactionManager()
  async markUninstalled(shopDomain: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await transactionOf(sharedContext).raw(
      `INSERT INTO ${SHOP} (id, shop_domain, uninstalled_at) VALUES (?, ?, now())
       ON CONFLICT (shop_domain) WHERE deleted_at IS NULL
       DO UPDATE SET access_token_encrypted = NULL, access_token_expires_at = NULL, refresh_token_encrypted = NULL,
                     refresh_token_expires_at = NULL, uninstalled_at = now(), updated_at = now()`,
      [generateEntityId(undefined, "kssh"), shopDomain]
    )
    this.admin_ = null
  }

  protected requireCipher(): TokenCipher {
    if (!this.cipher_) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Set KAPY_SHOPIFY_TOKEN_KEY (or the option shopify.token_encryption_key) to store the OAuth install's token encrypted"
      )
    }
    return this.cipher_
  }

  // ---------------------------------------------------------------------
  // Webhook deliveries
  // ---------------------------------------------------------------------

  /**
   * Stores a verified delivery once. Two unique indexes decide between
   * copies arriving together: the webhook id (Shopify's retries) and the
   * event id within the shop and topic (the same event under another
   * webhook id, as a second subscription delivers it). The insert that
   * meets either does nothing and `created` is false, so the copy is
   * answered without being processed again.
   */
  @InjectTransactionManager()
  async recordDelivery(
    input: {
      webhook_id: string
      event_id?: string | null
      topic: string
      shop_domain: string
      api_version?: string | null
      customer_id?: string | null
      /** The Shopify order it is about (orders/*, refunds/create), for the earner's batches. */
      order_key?: string | null
      payload: unknown
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ delivery: Pick<WebhookDeliveryRow, "id" | "status" | "topic">; created: boolean }> {
    const trx = transactionOf(sharedContext)
    const eventId = input.event_id || null
    // no conflict target: either unique index makes it a copy
    const inserted = await trx.raw(
      `INSERT INTO ${DELIVERY} (id, webhook_id, event_id, topic, shop_domain, api_version, customer_id, order_key, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
       ON CONFLICT DO NOTHING
       RETURNING id, status, topic`,
      [
        generateEntityId(undefined, "kswh"),
        input.webhook_id,
        eventId,
        input.topic,
        input.shop_domain,
        input.api_version ?? null,
        input.customer_id ?? null,
        input.order_key ?? null,
        JSON.stringify(input.payload ?? null),
      ]
    )
    if (inserted.rows.length) {
      return { delivery: inserted.rows[0], created: true }
    }
    const existing = await trx(DELIVERY)
      .select("id", "status", "topic")
      .where((q) => {
        q.where({ webhook_id: input.webhook_id })
        if (eventId) {
          q.orWhere({ shop_domain: input.shop_domain, topic: input.topic, event_id: eventId })
        }
      })
      .whereNull("deleted_at")
      .orderBy("created_at", "asc")
      .first()
    return { delivery: existing, created: false }
  }

  /** A delivery with its payload, to process. */
  @InjectManager()
  async retrieveDelivery(id: string, @MedusaContext() sharedContext: Context = {}): Promise<WebhookDeliveryRow | null> {
    return (await knexOf(sharedContext)(DELIVERY).where({ id }).whereNull("deleted_at").first()) ?? null
  }

  /**
   * Ends a delivery's processing: `processed` or `skipped` (with why). The
   * payload (personal data) is dropped then; a failed one keeps it for the
   * retry job, with its attempts counted.
   */
  @InjectTransactionManager()
  async finishDelivery(
    input: { id: string; status: Exclude<DeliveryStatus, "received">; note?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const trx = transactionOf(sharedContext)
    if (input.status === "failed" || input.status === "dead") {
      await this.failDeliveries([{ id: input.id, note: input.note ?? "failed" }], sharedContext)
      return
    }
    await this.settleDeliveries([{ id: input.id, status: input.status, note: input.note ?? null }], sharedContext)
  }

  // ---------------------------------------------------------------------
  // The inbox: deliveries claimed in batches by the earner
  // ---------------------------------------------------------------------

  /**
   * Claims up to `limit` due deliveries (received, or failed and past
   * their backoff), oldest first, locked for the caller's transaction
   * (`FOR UPDATE SKIP LOCKED`: another worker takes the next ones). A
   * worker that dies lets go of its claim with its connection.
   */
  @InjectTransactionManager()
  async claimDueDeliveries(
    { limit, now = new Date() }: { limit: number; now?: Date },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<WebhookDeliveryRow[]> {
    const trx = transactionOf(sharedContext)
    const { rows } = await trx.raw(
      `SELECT * FROM ${DELIVERY}
        WHERE status IN ('received', 'failed') AND next_attempt_at <= ? AND deleted_at IS NULL
        ORDER BY next_attempt_at, created_at, id
        LIMIT ? FOR UPDATE SKIP LOCKED`,
      [now, limit]
    )
    return rows
  }

  /** Holds deliveries off the earner's claims for `seconds` (they are being processed one by one after the batch). */
  @InjectTransactionManager()
  async leaseDeliveries(ids: string[], seconds: number, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    if (!ids.length) {
      return
    }
    const trx = transactionOf(sharedContext)
    await trx.raw(`UPDATE ${DELIVERY} SET next_attempt_at = now() + (? * interval '1 second') WHERE id = ANY(?)`, [seconds, ids])
  }

  /**
   * Serialises the batches of concurrent workers per Shopify order: a
   * transaction-scoped advisory lock per (shop, order), taken in one
   * statement in a fixed order, so a refund's batch waits for its order's
   * paid batch to commit (and then reads what it wrote).
   */
  @InjectTransactionManager()
  async lockOrders(shopDomain: string, orderIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    if (!orderIds.length) {
      return
    }
    const trx = transactionOf(sharedContext)
    await trx.raw(
      `SELECT pg_advisory_xact_lock(k) FROM (SELECT DISTINCT hashtextextended(? || ':' || o, 0) AS k FROM unnest(?::text[]) o) keys ORDER BY k`,
      [shopDomain, orderIds]
    )
  }

  /** Ends deliveries in one statement: processed or skipped (with why); their payloads (personal data) dropped. */
  @InjectTransactionManager()
  async settleDeliveries(
    settled: { id: string; status: "processed" | "skipped"; note: string | null }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    if (!settled.length) {
      return
    }
    const trx = transactionOf(sharedContext)
    await trx.raw(
      `UPDATE ${DELIVERY} d SET status = s.status, note = s.note, attempts = d.attempts + 1, processed_at = now(), payload = NULL, updated_at = now()
         FROM unnest(?::text[], ?::text[], ?::text[]) AS s(id, status, note)
        WHERE d.id = s.id`,
      [settled.map((s) => s.id), settled.map((s) => s.status), settled.map((s) => s.note)] as any
    )
  }

  /**
   * Counts a failed try of each delivery, with its error: tried again
   * after a backoff that doubles (15 s … 1 h), dead after
   * `MAX_DELIVERY_ATTEMPTS` tries. The payload stays for the next try.
   */
  @InjectTransactionManager()
  async failDeliveries(failed: { id: string; note: string }[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    if (!failed.length) {
      return
    }
    const trx = transactionOf(sharedContext)
    await trx.raw(
      `UPDATE ${DELIVERY} d SET attempts = d.attempts + 1,
              status = CASE WHEN d.attempts + 1 >= ? THEN 'dead' ELSE 'failed' END,
              note = left(f.note, 1000), next_attempt_at = ${BACKOFF_SQL.replace("attempts", "d.attempts")}, processed_at = NULL, updated_at = now()
         FROM unnest(?::text[], ?::text[]) AS f(id, note)
        WHERE d.id = f.id`,
      [MAX_DELIVERY_ATTEMPTS, failed.map((f) => f.id), failed.map((f) => f.note)]
    )
  }

  /** Failed and dead deliveries, newest first, for the admin (without payloads). */
  @InjectManager()
  async listFailedDeliveries(
    { status, limit = 50, offset = 0 }: { status?: "failed" | "dead"; limit?: number; offset?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ deliveries: Omit<WebhookDeliveryRow, "payload">[]; count: number }> {
    const knex = knexOf(sharedContext)
    const statuses = status ? [status] : ["failed", "dead"]
    const base = () => knex(DELIVERY).whereIn("status", statuses).whereNull("deleted_at")
    const [deliveries, [{ count }]] = await Promise.all([
      base()
        .select("id", "webhook_id", "event_id", "topic", "shop_domain", "status", "note", "customer_id", "order_key", "attempts", "next_attempt_at", "processed_at", "created_at")
        .orderBy("created_at", "desc")
        .limit(limit)
        .offset(offset),
      base().count({ count: "*" }),
    ])
    return { deliveries, count: Number(count) }
  }

  /** Puts a failed or dead delivery back in the inbox, due now, its tries counted afresh. Null when there is no such delivery. */
  @InjectTransactionManager()
  async retryDelivery(id: string, @MedusaContext() sharedContext: Context = {}): Promise<Pick<WebhookDeliveryRow, "id" | "status"> | null> {
    const trx = transactionOf(sharedContext)
    const [row] = await trx(DELIVERY)
      .where({ id })
      .whereIn("status", ["failed", "dead"])
      .whereNull("deleted_at")
      .update({ status: "received", attempts: 0, next_attempt_at: trx.fn.now(), updated_at: trx.fn.now() })
      .returning(["id", "status"])
    return row ?? null
  }

  // ---------------------------------------------------------------------
  // The outbox: what a committed batch still has to do
  // ---------------------------------------------------------------------

  /** Adds work for after the commit, in the caller's transaction (so it exists exactly when the batch does). */
  @InjectTransactionManager()
  async enqueueOutbox(rows: { kind: string; payload: unknown }[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    if (!rows.length) {
      return
    }
    const trx = transactionOf(sharedContext)
    await trx.raw(`INSERT INTO ${OUTBOX} (kind, payload) SELECT k, p FROM unnest(?::text[], ?::jsonb[]) AS o(k, p)`, [
      rows.map((r) => r.kind),
      rows.map((r) => JSON.stringify(r.payload)),
    ])
  }

  /**
   * Takes up to `limit` due outbox rows, oldest first, and leases them for
   * `lease_seconds` (a worker that dies while handling them leaves them to
   * be taken again: handlers are idempotent).
   */
  @InjectTransactionManager()
  async claimOutbox({ limit, lease_seconds = 300 }: { limit: number; lease_seconds?: number }, @MedusaContext() sharedContext: Context = {}): Promise<OutboxRow[]> {
    const trx = transactionOf(sharedContext)
    const { rows } = await trx.raw(
      `UPDATE ${OUTBOX} o SET attempts = o.attempts + 1, next_attempt_at = now() + (? * interval '1 second')
        WHERE o.id IN (SELECT id FROM ${OUTBOX} WHERE done_at IS NULL AND next_attempt_at <= now() ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
        RETURNING o.id, o.kind, o.payload, o.attempts`,
      [lease_seconds, limit]
    )
    return rows.sort((a: OutboxRow, b: OutboxRow) => Number(a.id) - Number(b.id))
  }

  /** Marks outbox rows done, or (with `note`) failed: tried again after a backoff. */
  @InjectTransactionManager()
  async finishOutbox(done: string[], failed: { id: string; note: string }[] = [], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const trx = transactionOf(sharedContext)
    if (done.length) {
      await trx.raw(`UPDATE ${OUTBOX} SET done_at = now(), note = NULL WHERE id = ANY(?::bigint[])`, [done])
    }
    if (failed.length) {
      await trx.raw(
        `UPDATE ${OUTBOX} o SET note = left(f.note, 1000), next_attempt_at = ${BACKOFF_SQL.replace("attempts", "o.attempts")}
           FROM unnest(?::bigint[], ?::text[]) AS f(id, note) WHERE o.id = f.id`,
        [failed.map((f) => f.id), failed.map((f) => f.note)]
      )
    }
  }

  /** Outbox rows not done yet (tests, the admin). */
  @InjectManager()
  async countPendingOutbox(@MedusaContext() sharedContext: Context = {}): Promise<number> {
    const [{ count }] = await knexOf(sharedContext)(OUTBOX).whereNull("done_at").count({ count: "*" })
    return Number(count)
  }

  /** Deliveries not processed yet (received and left, or failed), oldest first, for the retry job. */
  @InjectManager()
  async listPendingDeliveries(
    { received_before, max_attempts = 8, limit = 100 }: { received_before: Date; max_attempts?: number; limit?: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Pick<WebhookDeliveryRow, "id" | "topic">[]> {
    return await knexOf(sharedContext)(DELIVERY)
      .select("id", "topic")
      .whereIn("status", ["received", "failed"])
      .where("created_at", "<", received_before)
      .where("attempts", "<", max_attempts)
      .whereNull("deleted_at")
      .orderBy("created_at", "asc")
      .limit(limit)
  }

  // ---------------------------------------------------------------------
  // Refunds
  // ---------------------------------------------------------------------

  /** Records a refund once (by its id) and returns the order's refunded money so far. */
  @InjectTransactionManager()
  async recordRefund(
    input: { shop_domain: string; refund_id: string; order_id: string; amount: string; currency_code?: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ created: boolean; refunded: string }> {
    const trx = transactionOf(sharedContext)
    const inserted = await trx.raw(
      `INSERT INTO ${REFUND} (id, shop_domain, refund_id, order_id, amount, raw_amount, currency_code)
       VALUES (?, ?, ?, ?, ?::numeric, jsonb_build_object('value', ?::text, 'precision', 20), ?)
       ON CONFLICT (shop_domain, refund_id) WHERE deleted_at IS NULL DO NOTHING RETURNING id`,
      [generateEntityId(undefined, "ksrf"), input.shop_domain, input.refund_id, input.order_id, input.amount, input.amount, input.currency_code ?? null]
    )
    const sum = await trx(REFUND)
      .where({ shop_domain: input.shop_domain, order_id: input.order_id })
      .whereNull("deleted_at")
      .sum({ total: "amount" })
      .first()
    return { created: inserted.rows.length > 0, refunded: String(sum?.total ?? "0") }
  }

  /**
   * Records many refunds (and cancellation markers) at once, each once by
   * the same unique index as `recordRefund`, and answers every order's
   * refunded total after them and whether it is cancelled (a
   * `cancelled:<order>` row), for the orders named in `orders` too, with
   * the refund ids this call recorded (`created`; the others were there).
   */
  @InjectTransactionManager()
  async recordRefundsInBulk(
    shopDomain: string,
    refunds: { refund_id: string; order_id: string; amount: string }[],
    orders: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ state: Map<string, { refunded: string; cancelled: boolean }>; created: Set<string> }> {
    const trx = transactionOf(sharedContext)
    const created = new Set<string>()
    if (refunds.length) {
      const { rows } = await trx.raw(
        `INSERT INTO ${REFUND} (id, shop_domain, refund_id, order_id, amount, raw_amount, currency_code)
         SELECT r.id, ?, r.refund_id, r.order_id, r.amount::numeric, jsonb_build_object('value', r.amount, 'precision', 20), NULL
           FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS r(id, refund_id, order_id, amount)
         ON CONFLICT (shop_domain, refund_id) WHERE deleted_at IS NULL DO NOTHING RETURNING refund_id`,
        [
          shopDomain,
          refunds.map(() => generateEntityId(undefined, "ksrf")),
          refunds.map((r) => r.refund_id),
          refunds.map((r) => r.order_id),
          refunds.map((r) => r.amount),
        ] as any
      )
      rows.forEach((r: { refund_id: string }) => created.add(r.refund_id))
    }
    const ids = [...new Set([...orders, ...refunds.map((r) => r.order_id)])]
    const state = new Map<string, { refunded: string; cancelled: boolean }>(ids.map((id) => [id, { refunded: "0", cancelled: false }]))
    if (ids.length) {
      const { rows } = await trx.raw(
        `SELECT order_id, sum(amount)::text AS refunded, bool_or(refund_id = 'cancelled:' || order_id) AS cancelled
           FROM ${REFUND} WHERE shop_domain = ? AND order_id = ANY(?) AND deleted_at IS NULL GROUP BY order_id`,
        [shopDomain, ids]
      )
      for (const row of rows) {
        state.set(row.order_id, { refunded: String(row.refunded ?? "0"), cancelled: row.cancelled === true })
      }
    }
    return { state, created }
  }

  /** Marks the cone codes an order used as used, in one statement (only those still active). */
  @InjectTransactionManager()
  async markCodesUsed(codes: string[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    if (!codes.length) {
      return
    }
    const trx = transactionOf(sharedContext)
    await trx(CODE).whereIn("code", codes).where({ status: "active" }).whereNull("deleted_at").update({ status: "used", used_at: trx.fn.now(), updated_at: trx.fn.now() })
  }

  /** The ids of an order's refunds already recorded (by webhook or reconciliation). */
  @InjectManager()
  async listRefundIds(shopDomain: string, orderId: string, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    const rows = await knexOf(sharedContext)(REFUND)
      .where({ shop_domain: shopDomain, order_id: orderId })
      .whereNull("deleted_at")
      .select("refund_id")
    return rows.map((r: { refund_id: string }) => r.refund_id)
  }

  /** An order's refunded money so far (every refund recorded), "0" when none. */
  @InjectManager()
  async retrieveRefundedTotal(shopDomain: string, orderId: string, @MedusaContext() sharedContext: Context = {}): Promise<string> {
    const sum = await knexOf(sharedContext)(REFUND)
      .where({ shop_domain: shopDomain, order_id: orderId })
      .whereNull("deleted_at")
      .sum({ total: "amount" })
      .first()
    return String(sum?.total ?? "0")
  }

  // ---------------------------------------------------------------------
  // Reconciliation cursor
  // ---------------------------------------------------------------------

  @InjectManager()
  async retrieveCursor(shopDomain: string, resource: string, @MedusaContext() sharedContext: Context = {}): Promise<SyncCursorRow | null> {
    return (await knexOf(sharedContext)(CURSOR).where({ shop_domain: shopDomain, resource }).whereNull("deleted_at").first()) ?? null
  }

  /** Saves where the run stands (after each page), creating the cursor on first use. */
  @InjectTransactionManager()
  async saveCursor(
    input: Pick<SyncCursorRow, "shop_domain" | "resource"> & Partial<Pick<SyncCursorRow, "updated_since" | "cursor" | "run_max_updated_at" | "last_run_at">>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const trx = transactionOf(sharedContext)
    const existing = await trx(CURSOR).where({ shop_domain: input.shop_domain, resource: input.resource }).whereNull("deleted_at").forUpdate().first()
    const fields = {
      ...(input.updated_since !== undefined ? { updated_since: input.updated_since } : {}),
      ...(input.cursor !== undefined ? { cursor: input.cursor } : {}),
      ...(input.run_max_updated_at !== undefined ? { run_max_updated_at: input.run_max_updated_at } : {}),
      ...(input.last_run_at !== undefined ? { last_run_at: input.last_run_at } : {}),
    }
    if (existing) {
      await trx(CURSOR).where({ id: existing.id }).update({ ...fields, updated_at: trx.fn.now() })
    } else {
      await trx(CURSOR).insert({ id: generateEntityId(undefined, "kssc"), shop_domain: input.shop_domain, resource: input.resource, ...fields })
    }
  }

  // ---------------------------------------------------------------------
  // Discount codes bought with cones
  // ---------------------------------------------------------------------

  @InjectTransactionManager()
  async createCodeRecord(
    input: Pick<DiscountCodeRow, "shop_domain" | "code" | "account_id" | "shopify_customer_id" | "points" | "amount" | "currency_code" | "expires_at" | "spend_entry_id">,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<DiscountCodeRow> {
    const trx = transactionOf(sharedContext)
    const [row] = await trx(CODE)
      .insert({
        id: generateEntityId(undefined, "ksdc"),
        ...input,
        raw_amount: JSON.stringify({ value: String(input.amount), precision: 20 }),
        status: "creating",
      })
      .returning("*")
    return row
  }

  /**
   * Moves a code from one status to another, only if it is still in
   * `from`: the conditional update is what makes "give the cones back"
   * happen once when two jobs (or a job and an order) race. Returns the
   * row when this call moved it, else null.
   */
  @InjectTransactionManager()
  async transitionCode(
    input: {
      code: string
      from: DiscountCodeStatus[]
      to: DiscountCodeStatus
      fields?: Partial<Pick<DiscountCodeRow, "shopify_discount_id" | "return_entry_id" | "used_at" | "note">>
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<DiscountCodeRow | null> {
    const trx = transactionOf(sharedContext)
    const [row] = await trx(CODE)
      .where({ code: input.code })
      .whereIn("status", input.from)
      .whereNull("deleted_at")
      .update({ status: input.to, ...(input.fields ?? {}), updated_at: trx.fn.now() })
      .returning("*")
    return row ?? null
  }

  /** Sets fields of a code without changing its status (the return entry's id, once written). */
  @InjectTransactionManager()
  async updateCodeFields(
    code: string,
    fields: Partial<Pick<DiscountCodeRow, "return_entry_id" | "note" | "shopify_discount_id">>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const trx = transactionOf(sharedContext)
    await trx(CODE).where({ code }).update({ ...fields, updated_at: trx.fn.now() })
  }

  @InjectManager()
  async retrieveCode(code: string, @MedusaContext() sharedContext: Context = {}): Promise<DiscountCodeRow | null> {
    return (await knexOf(sharedContext)(CODE).where({ code }).whereNull("deleted_at").first()) ?? null
  }

  /** Active codes whose end has passed at `now`, oldest first. */
  @InjectManager()
  async listExpiredCodes(
    { now = new Date(), limit = 100 }: { now?: Date; limit?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<DiscountCodeRow[]> {
    return await knexOf(sharedContext)(CODE)
      .where({ status: "active" })
      .where("expires_at", "<=", now)
      .whereNull("deleted_at")
      .orderBy("expires_at", "asc")
      .limit(limit)
  }

  // ---------------------------------------------------------------------
  // Store credit bought with cones
  // ---------------------------------------------------------------------

  /**
   * The credit of one redeem request, made once: the unique index on
   * (shop, request_key) decides between a request and its retries. A new
   * key inserts a `crediting` row (`created`); a key seen before answers
   * its row as it stands, except a `failed` one, which is taken up again
   * with this attempt's values (its cones came back, so the request counts
   * as not done).
   */
  @InjectTransactionManager()
  async reserveStoreCredit(
    input: Pick<StoreCreditRow, "shop_domain" | "request_key" | "account_id" | "shopify_customer_id" | "points" | "amount" | "currency_code" | "expires_at">,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ credit: StoreCreditRow; created: boolean }> {
    const trx = transactionOf(sharedContext)
    const values = { ...input, raw_amount: JSON.stringify({ value: String(input.amount), precision: 20 }) }
    const inserted = await trx.raw(
      `INSERT INTO ${STORE_CREDIT} (id, shop_domain, request_key, account_id, shopify_customer_id, points, amount, raw_amount, currency_code, expires_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?::numeric, ?::jsonb, ?, ?, 'crediting')
       ON CONFLICT (shop_domain, request_key) WHERE deleted_at IS NULL DO NOTHING RETURNING *`,
      [
        generateEntityId(undefined, "kssr"),
        values.shop_domain,
        values.request_key,
        values.account_id,
        values.shopify_customer_id,
        values.points,
        values.amount,
        values.raw_amount,
        values.currency_code,
        values.expires_at,
      ]
    )
    if (inserted.rows.length) {
      return { credit: inserted.rows[0], created: true }
    }
    const [retaken] = await trx(STORE_CREDIT)
      .where({ shop_domain: input.shop_domain, request_key: input.request_key, status: "failed" })
      .whereNull("deleted_at")
      .update({ ...values, status: "crediting", spend_entry_id: null, note: null, updated_at: trx.fn.now() })
      .returning("*")
    if (retaken) {
      return { credit: retaken, created: true }
    }
    const existing = await trx(STORE_CREDIT).where({ shop_domain: input.shop_domain, request_key: input.request_key }).whereNull("deleted_at").first()
    return { credit: existing, created: false }
  }

  /**
   * Moves a credit from one status to another, only if it is still in
   * `from` (the conditional update that makes a lapsed credit give its
   * cones back once when two jobs race). Returns the row when this call
   * moved it, else null.
   */
  @InjectTransactionManager()
  async transitionStoreCredit(
    input: {
      id: string
      from: StoreCreditStatus[]
      to: StoreCreditStatus
      fields?: Partial<Pick<StoreCreditRow, "shopify_transaction_id" | "spend_entry_id" | "return_entry_id" | "unused_amount" | "returned_points" | "note">>
    },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<StoreCreditRow | null> {
    const trx = transactionOf(sharedContext)
    const fields: Record<string, unknown> = { ...(input.fields ?? {}) }
    if (input.fields?.unused_amount !== undefined && input.fields.unused_amount !== null) {
      fields.raw_unused_amount = JSON.stringify({ value: String(input.fields.unused_amount), precision: 20 })
    }
    const [row] = await trx(STORE_CREDIT)
      .where({ id: input.id })
      .whereIn("status", input.from)
      .whereNull("deleted_at")
      .update({ status: input.to, ...fields, updated_at: trx.fn.now() })
      .returning("*")
    return row ?? null
  }

  @InjectManager()
  async retrieveStoreCredit(id: string, @MedusaContext() sharedContext: Context = {}): Promise<StoreCreditRow | null> {
    return (await knexOf(sharedContext)(STORE_CREDIT).where({ id }).whereNull("deleted_at").first()) ?? null
  }

  /** The credit a redeem request made, by its key. */
  @InjectManager()
  async retrieveStoreCreditByKey(shopDomain: string, requestKey: string, @MedusaContext() sharedContext: Context = {}): Promise<StoreCreditRow | null> {
    return (await knexOf(sharedContext)(STORE_CREDIT).where({ shop_domain: shopDomain, request_key: requestKey }).whereNull("deleted_at").first()) ?? null
  }

  /** Active credits whose expiry has passed at `now`, oldest first. */
  @InjectManager()
  async listExpiredStoreCredits(
    { now = new Date(), limit = 100 }: { now?: Date; limit?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<StoreCreditRow[]> {
    return await knexOf(sharedContext)(STORE_CREDIT)
      .where({ status: "active" })
      .where("expires_at", "<=", now)
      .whereNull("deleted_at")
      .orderBy("expires_at", "asc")
      .limit(limit)
  }

  // ---------------------------------------------------------------------
  // Tier discounts
  // ---------------------------------------------------------------------

  @InjectManager()
  async listTierDiscounts(shopDomain: string, @MedusaContext() sharedContext: Context = {}): Promise<TierDiscountRow[]> {
    return await knexOf(sharedContext)(TIER_DISCOUNT).where({ shop_domain: shopDomain }).whereNull("deleted_at")
  }

  /** Records what Shopify holds for a tier (its segment, its automatic discount and percentage); null ids remove the record. */
  @InjectTransactionManager()
  async saveTierDiscount(
    input: { shop_domain: string; tier_id: string; segment_id: string | null; discount_id: string | null; percent: string | null },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const trx = transactionOf(sharedContext)
    if (!input.segment_id && !input.discount_id) {
      await trx(TIER_DISCOUNT).where({ shop_domain: input.shop_domain, tier_id: input.tier_id }).delete()
      return
    }
    await trx.raw(
      `INSERT INTO ${TIER_DISCOUNT} (id, shop_domain, tier_id, segment_id, discount_id, percent, raw_percent, synced_at)
       VALUES (?, ?, ?, ?, ?, ?::numeric, CASE WHEN ?::text IS NULL THEN NULL ELSE jsonb_build_object('value', ?::text, 'precision', 20) END, now())
       ON CONFLICT (shop_domain, tier_id) WHERE deleted_at IS NULL
       DO UPDATE SET segment_id = EXCLUDED.segment_id, discount_id = EXCLUDED.discount_id, percent = EXCLUDED.percent,
                     raw_percent = EXCLUDED.raw_percent, synced_at = now(), updated_at = now()`,
      [generateEntityId(undefined, "kstd"), input.shop_domain, input.tier_id, input.segment_id, input.discount_id, input.percent, input.percent, input.percent]
    )
  }

  // ---------------------------------------------------------------------
  // Privacy
  // ---------------------------------------------------------------------

  /**
   * Keeps the export of a `customers/data_request` for the admin, once per
   * delivery: the unique index on `delivery_id` makes a retried delivery
   * find the export it made.
   */
  @InjectTransactionManager()
  async recordDataRequest(
    input: Pick<DataRequestRow, "shop_domain" | "delivery_id" | "data_request_id" | "shopify_customer_id" | "email" | "account_id" | "export">,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ request: DataRequestRow; created: boolean }> {
    const trx = transactionOf(sharedContext)
    const inserted = await trx.raw(
      `INSERT INTO ${DATA_REQUEST} (id, shop_domain, delivery_id, data_request_id, shopify_customer_id, email, account_id, status, export)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
       ON CONFLICT (delivery_id) WHERE deleted_at IS NULL DO NOTHING RETURNING *`,
      [
        generateEntityId(undefined, "ksdr"),
        input.shop_domain,
        input.delivery_id,
        input.data_request_id,
        input.shopify_customer_id,
        input.email,
        input.account_id,
        input.export ? "ready" : "empty",
        input.export ? JSON.stringify(input.export) : null,
      ]
    )
    if (inserted.rows.length) {
      return { request: inserted.rows[0], created: true }
    }
    const existing = await trx(DATA_REQUEST).where({ delivery_id: input.delivery_id }).whereNull("deleted_at").first()
    return { request: existing, created: false }
  }

  /**
   * Erases what the adapter holds about one Shopify customer of the shop:
   * delivery payloads that name them, the customer id on deliveries and
   * codes, and the exports made for their data requests (the request's row
   * stays, as `erased`). Codes and refunds keep their amounts (the
   * ledger's sources).
   */
  @InjectTransactionManager()
  async eraseCustomerData(
    customerId: string,
    shopDomain: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ deliveries: number; codes: number; data_requests: number }> {
    const trx = transactionOf(sharedContext)
    const deliveries = await trx(DELIVERY)
      .where({ customer_id: customerId, shop_domain: shopDomain })
      .update({ payload: null, customer_id: null, updated_at: trx.fn.now() })
    const codes = await trx(CODE)
      .where({ shopify_customer_id: customerId, shop_domain: shopDomain })
      .update({ shopify_customer_id: null, updated_at: trx.fn.now() })
    await trx(STORE_CREDIT)
      .where({ shopify_customer_id: customerId, shop_domain: shopDomain })
      .update({ shopify_customer_id: null, updated_at: trx.fn.now() })
    const data_requests = await trx(DATA_REQUEST)
      .where({ shopify_customer_id: customerId, shop_domain: shopDomain })
      .update({ ...ERASED_REQUEST, updated_at: trx.fn.now() })
    return { deliveries, codes, data_requests }
  }

  /** `shop/redact`: everything of the shop the adapter holds goes, but the ledger's sources (codes, refunds) lose only their customers. */
  @InjectTransactionManager()
  async eraseShopData(shopDomain: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const trx = transactionOf(sharedContext)
    await trx(DELIVERY).where({ shop_domain: shopDomain }).update({ payload: null, customer_id: null, updated_at: trx.fn.now() })
    await trx(CODE).where({ shop_domain: shopDomain }).update({ shopify_customer_id: null, updated_at: trx.fn.now() })
    await trx(STORE_CREDIT).where({ shop_domain: shopDomain }).update({ shopify_customer_id: null, updated_at: trx.fn.now() })
    await trx(DATA_REQUEST).where({ shop_domain: shopDomain }).update({ ...ERASED_REQUEST, updated_at: trx.fn.now() })
    await trx(CURSOR).where({ shop_domain: shopDomain }).delete()
    await trx(SHOP)
      .where({ shop_domain: shopDomain })
      .update({ access_token_encrypted: null, access_token_expires_at: null, refresh_token_encrypted: null, refresh_token_expires_at: null, updated_at: trx.fn.now() })
  }
}

/** A data request once its customer is erased: the record that it was answered, without what it held. */
const ERASED_REQUEST = { export: null, shopify_customer_id: null, email: null, account_id: null, status: "erased" }

function transactionOf(sharedContext: Context): Knex.Transaction {
  const trx = (sharedContext.transactionManager as any)?.getTransactionContext?.()
  if (!trx) {
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, "Shopify adapter writes must run inside a transaction")
  }
  return trx
}

function knexOf(sharedContext: Context): Trx {
  const manager = (sharedContext.transactionManager ?? sharedContext.manager) as any
  return manager.getTransactionContext?.() ?? manager.getKnex()
}
