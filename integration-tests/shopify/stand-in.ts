import { createHash, createHmac } from "crypto"
import http from "http"
import type { AddressInfo } from "net"
import { executeSync } from "graphql"
import { adminSchema, checkOperation, LeakyBucket, SINGLE_QUERY_MAX_COST } from "./admin-schema"

/**
 * A stand-in for Shopify's Admin GraphQL API, for tests and benches. It
 * refuses what Shopify refuses, in Shopify's words and shapes:
 * - the path with the pinned API version, the `X-Shopify-Access-Token`
 *   header, a JSON body with a `query`;
 * - any field, argument, variable type or input field that is not in
 *   Shopify's schema (admin-schema.graphql; `errors[]` with HTTP 200);
 * - a query whose requested cost (admin-schema.ts, Shopify's rules) is over
 *   1 000: MAX_COST_EXCEEDED;
 * - a query the shop's leaky bucket (2 000 points, 100 restored a second:
 *   the Standard plan; set per test with `setBucket`) cannot pay for:
 *   THROTTLED, with `extensions.cost` as Shopify answers;
 * - the values Kapy's mutations must hold (`discountCodeBasicCreate` for
 *   one customer, once, a fixed amount, a minimum subtotal as a Decimal).
 * A test can make it refuse a mutation or answer THROTTLED.
 */

export type StandInRequest = { operation: string; query: string; variables: Record<string, any>; token: string | undefined; cost: number }

export type StandInOptions = { maximumAvailable?: number; restoreRate?: number; maxQueryCost?: number; now?: () => number }

export type StandInOrder = Record<string, any> & { id: string; updatedAt: string }

/** One credit transaction of a store credit account: what is left of it, and whether Shopify expired it. */
export type StandInStoreCredit = { id: string; amount: string; remaining: string; expiresAt: string | null; createdAt: string; expired: boolean }

/** A customer's store credit account in the shop's currency, as Shopify keeps it. */
export type StandInStoreCreditAccount = {
  id: string
  owner: string
  currencyCode: string
  credits: StandInStoreCredit[]
  debits: { id: string; amount: string; createdAt: string }[]
}

export class ShopifyStandIn {
  readonly requests: StandInRequest[] = []
  /** Requests refused for their shape, with why (a test expects none). */
  readonly refused: { operation: string; reason: string }[] = []
  readonly segments = new Map<string, { name: string; query: string }>()
  readonly automaticDiscounts = new Map<string, { input: any; deleted: boolean }>()
  readonly discounts = new Map<string, { id: string; code: string; input: any; usage: number; deleted: boolean }>()
  orders: StandInOrder[] = []
  /** Customers' tags and metafields as Kapy wrote them, by customer gid. */
  readonly customers = new Map<string, { tags: Set<string>; metafields: Record<string, { type: string; value: string }> }>()
  /**
   * `Customer.numberOfOrders` by customer gid, as Shopify counts them: orders
   * placed before Kapy was installed included. Unset, a customer has 1 (the
   * order whose webhook is being handled).
   */
  readonly orderCounts = new Map<string, number>()
  /** Customer gids the shop has (store credit is refused to any other owner: OWNER_NOT_FOUND). */
  readonly shopCustomers = new Set<string>()
  /** Store credit accounts by owner (customer gid), made by the first credit. */
  readonly storeCreditAccounts = new Map<string, StandInStoreCreditAccount>()
  /** Make the next storeCreditAccountCredit fail: with userErrors, or an HTTP 500 each time. */
  failStoreCreditCredit: "user_errors" | "http_500" | null = null
  /** Make the next discountCodeBasicCreate fail: with userErrors, or an HTTP 500 each time. */
  failDiscountCreate: "user_errors" | "http_500" | null = null
  /** How many of the next requests answer THROTTLED (as if the bucket were empty). */
  throttleNext = 0
  /** Every THROTTLED answer, in order (a request retried after it is the next one with the same query and variables). */
  readonly throttled: StandInRequest[] = []
  /** The largest requested cost of any query it answered or refused. */
  maxRequestedCost = 0
  maxQueryCost: number
  readonly bucket: LeakyBucket
  currencyCode = "EUR"
  /**
   * Shopify's token endpoint (`POST /admin/oauth/access_token`): the app's
   * credentials, what it issued (token → expiry, null: never) and the
   * refresh tokens still valid (each works once: Shopify replaces it).
   */
  clientId = "kapy-test-key"
  clientSecret = "shpss_kapy_test_secret"
  /** What an authorization code exchange is answered with; null: the code is refused. */
  authorizationCodes = new Set<string>()
  readonly issuedTokens = new Map<string, number | null>()
  readonly refreshTokens = new Map<string, number>()
  readonly tokenRequests: { grant_type: string; expiring?: string }[] = []
  /** Lifetimes in seconds: a client-credentials token, an expiring offline token, its refresh token. */
  tokenLifetimes = { client_credentials: 86_399, offline: 3_600, refresh: 7_776_000 }
  /** The clock tokens expire by (tests set the one they give the app). */
  clock: () => number = Date.now
  private server: http.Server | null = null
  private sequence = 1000

  constructor(
    readonly accessToken: string,
    readonly apiVersion: string,
    private readonly options: StandInOptions = {}
  ) {
    this.maxQueryCost = options.maxQueryCost ?? SINGLE_QUERY_MAX_COST
    this.bucket = new LeakyBucket(options.maximumAvailable ?? 2000, options.restoreRate ?? 100, options.now ?? Date.now)
  }

  /** The shop's bucket for this test (a full bucket of `maximumAvailable` points, `restoreRate` a second). */
  setBucket(maximumAvailable: number, restoreRate: number) {
    this.bucket.reset(maximumAvailable, restoreRate)
  }

  get url() {
    const { port } = this.server!.address() as AddressInfo
    return `http://127.0.0.1:${port}`
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res))
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve))
    return this
  }

  async stop() {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  reset() {
    this.requests.length = 0
    this.refused.length = 0
    this.discounts.clear()
    this.customers.clear()
    this.orderCounts.clear()
    this.shopCustomers.clear()
    this.storeCreditAccounts.clear()
    this.failStoreCreditCredit = null
    this.segments.clear()
    this.automaticDiscounts.clear()
    this.orders = []
    this.issuedTokens.clear()
    this.refreshTokens.clear()
    this.authorizationCodes.clear()
    this.tokenRequests.length = 0
    this.clock = Date.now
    this.failDiscountCreate = null
    this.throttleNext = 0
    this.throttled.length = 0
    this.maxRequestedCost = 0
    this.maxQueryCost = this.options.maxQueryCost ?? SINGLE_QUERY_MAX_COST
    this.bucket.reset(this.options.maximumAvailable ?? 2000, this.options.restoreRate ?? 100)
  }

  /** Whether the Admin API takes this token: the fixed one, or one issued here and not expired. */
  acceptsToken(token: string | undefined): boolean {
    if (!token) return false
    if (token === this.accessToken) return true
    if (!this.issuedTokens.has(token)) return false
    const expiresAt = this.issuedTokens.get(token)!
    return expiresAt === null || this.clock() < expiresAt
  }

  /**
   * The token endpoint as Shopify answers it: the client-credentials grant
   * (form-encoded; a token of about 24 hours), the refresh grant (a new
   * token and a new refresh token; the old refresh token is spent) and the
   * OAuth code exchange (JSON; `expiring: "1"` for an expiring token with
   * a refresh token). Wrong credentials or an unknown refresh token or code
   * are refused with OAuth's error body.
   */
  private grantToken(raw: string, contentType: string, send: (status: number, body: unknown) => void) {
    const fields: Record<string, string> = contentType.includes("json")
      ? (() => {
          try {
            return JSON.parse(raw)
          } catch {
            return {}
          }
        })()
      : Object.fromEntries(new URLSearchParams(raw))
    const grant = fields.grant_type ?? (fields.code ? "authorization_code" : "")
    this.tokenRequests.push({ grant_type: grant, ...(fields.expiring !== undefined ? { expiring: String(fields.expiring) } : {}) })
    if (fields.client_id !== this.clientId || fields.client_secret !== this.clientSecret) {
      return send(401, { error: "invalid_client", error_description: "Client authentication failed: the client id or secret is wrong" })
    }
    const now = this.clock()
    const issue = (lifetime: number | null, withRefresh: boolean) => {
      const access_token = `shpat_${grant}_${++this.sequence}`
      this.issuedTokens.set(access_token, lifetime === null ? null : now + lifetime * 1000)
      const answer: Record<string, unknown> = { access_token, scope: "read_orders,read_customers,write_customers,write_discounts" }
      if (lifetime !== null) answer.expires_in = lifetime
      if (withRefresh) {
        const refresh_token = `shprt_${++this.sequence}`
        this.refreshTokens.set(refresh_token, now + this.tokenLifetimes.refresh * 1000)
        Object.assign(answer, { refresh_token, refresh_token_expires_in: this.tokenLifetimes.refresh })
      }
      return send(200, answer)
    }
    if (grant === "client_credentials") {
      return issue(this.tokenLifetimes.client_credentials, false)
    }
    if (grant === "refresh_token") {
      const until = this.refreshTokens.get(fields.refresh_token ?? "")
      if (until === undefined || until <= now) {
        return send(400, { error: "invalid_grant", error_description: "The refresh token is invalid, expired or already used" })
      }
      this.refreshTokens.delete(fields.refresh_token)
      return issue(this.tokenLifetimes.offline, true)
    }
    if (grant === "authorization_code") {
      if (!this.authorizationCodes.delete(fields.code ?? "")) {
        return send(400, { error: "invalid_request", error_description: "The authorization code was not found or was already used" })
      }
      const expiring = String(fields.expiring) === "1"
      return issue(expiring ? this.tokenLifetimes.offline : null, expiring)
    }
    return send(400, { error: "unsupported_grant_type", error_description: `grant_type ${grant || "(none)"} is not supported` })
  }

  customer(gid: string) {
    if (!this.customers.has(gid)) {
      this.customers.set(gid, { tags: new Set(), metafields: {} })
    }
    return this.customers.get(gid)!
  }

  /**
   * Spends `amount` of a customer's store credit at checkout, as Shopify
   * does: the soonest-expiring unexpired credit first.
   */
  spendStoreCredit(owner: string, amount: string) {
    const account = this.storeCreditAccounts.get(owner)
    let left = toCents(amount)
    if (!account || left > balanceCents(account)) throw new Error(`${owner} has not ${amount} of store credit`)
    const open = account.credits.filter((c) => !c.expired).sort((a, b) => (a.expiresAt ?? "9").localeCompare(b.expiresAt ?? "9"))
    for (const credit of open) {
      const take = Math.min(left, toCents(credit.remaining))
      credit.remaining = fromCents(toCents(credit.remaining) - take)
      left -= take
    }
    account.debits.push({ id: `gid://shopify/StoreCreditAccountDebitTransaction/${this.sequence++}`, amount, createdAt: new Date().toISOString() })
  }

  /**
   * Shopify's expiry of a credit transaction: what is left of it leaves the
   * balance, and `remainingAmount` keeps the amount that lapsed.
   */
  expireStoreCredit(transactionId: string) {
    const credit = [...this.storeCreditAccounts.values()].flatMap((a) => a.credits).find((c) => c.id === transactionId)
    if (!credit) throw new Error(`no store credit transaction ${transactionId}`)
    credit.expired = true
  }

  /** A customer's store credit balance, a Decimal string. */
  storeCreditBalance(owner: string) {
    const account = this.storeCreditAccounts.get(owner)
    return fromCents(account ? balanceCents(account) : 0)
  }

  operations(name: string) {
    return this.requests.filter((r) => r.operation === name)
  }

  /** Answers one Admin API request (the demo shop of `npm run dev` serves it beside its own paths). */
  handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const chunks: Buffer[] = []
    req.on("data", (c) => chunks.push(c))
    req.on("end", () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" })
        res.end(JSON.stringify(body))
      }
      if (req.method === "POST" && req.url === "/admin/oauth/access_token") {
        return this.grantToken(Buffer.concat(chunks).toString("utf8"), String(req.headers["content-type"] ?? ""), send)
      }
      if (req.method !== "POST" || req.url !== `/admin/api/${this.apiVersion}/graphql.json`) {
        return send(404, { errors: "Not Found" })
      }
      const token = req.headers["x-shopify-access-token"] as string | undefined
      if (!this.acceptsToken(token)) {
        return send(401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" })
      }
      let body: any
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"))
      } catch {
        return send(400, { errors: { query: "Required parameter missing or invalid" } })
      }
      if (typeof body?.query !== "string") {
        return send(400, { errors: { query: "Required parameter missing or invalid" } })
      }
      const checked = checkOperation(body.query, body.variables ?? {}, body.operationName ?? undefined)
      if ("errors" in checked) {
        this.requests.push({ operation: "invalid", query: body.query, variables: body.variables ?? {}, token, cost: 0 })
        this.refused.push({ operation: "invalid", reason: checked.errors.map((e) => e.message).join("; ") })
        return send(200, { errors: checked.errors })
      }
      const operation = checked.ok.rootField
      const requested = checked.ok.requestedCost
      const request = { operation, query: body.query, variables: body.variables ?? {}, token, cost: requested }
      this.requests.push(request)
      this.maxRequestedCost = Math.max(this.maxRequestedCost, requested)
      if (requested > this.maxQueryCost) {
        this.refused.push({ operation, reason: `requested cost ${requested} over ${this.maxQueryCost}` })
        return send(200, {
          errors: [{
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${this.maxQueryCost}).\n\nSee https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\nTo query larger amounts of data with fewer limits, bulk operations should be used instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n`,
            extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: this.maxQueryCost, documentation: "https://shopify.dev/api/usage/rate-limits" },
          }],
        })
      }
      const forced = this.throttleNext > 0
      if (forced || !this.bucket.take(requested)) {
        if (forced) this.throttleNext--
        this.throttled.push(request)
        const throttleStatus = forced ? { ...this.bucket.status(), currentlyAvailable: 0 } : this.bucket.status()
        return send(200, {
          errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
          extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus } },
        })
      }
      const cost = { requestedQueryCost: requested, actualQueryCost: requested, throttleStatus: this.bucket.status() }
      // the answer holds what the query selected, no more (a field Kapy forgot to ask for is not there)
      const answer = (data: unknown) => {
        const result = executeSync({
          schema: adminSchema,
          document: checked.ok.document,
          rootValue: data,
          variableValues: body.variables ?? {},
          operationName: body.operationName ?? undefined,
          typeResolver: (value: any, _context, _info, abstractType) => value?.__typename ?? adminSchema.getPossibleTypes(abstractType)[0].name,
        })
        return send(200, { ...(result.errors ? { errors: result.errors.map((e) => ({ message: e.message, path: e.path })) } : {}), data: result.data, extensions: { cost } })
      }
      switch (operation) {
        case "shop":
          return answer({ shop: { currencyCode: this.currencyCode } })
        case "discountCodeBasicCreate": {
          const problem = discountInputProblem(body.variables?.basicCodeDiscount)
          if (problem) {
            this.refused.push({ operation, reason: problem })
            return send(200, { errors: [{ message: `Variable $basicCodeDiscount of type DiscountCodeBasicInput! was provided invalid value: ${problem}`, extensions: { code: "INVALID_VARIABLE" } }] })
          }
          if (this.failDiscountCreate === "http_500") {
            return send(500, { errors: "Internal Server Error" })
          }
          if (this.failDiscountCreate === "user_errors") {
            this.failDiscountCreate = null
            return answer({ discountCodeBasicCreate: { codeDiscountNode: null, userErrors: [{ field: ["basicCodeDiscount", "code"], code: "TAKEN", message: "Code must be unique. Please try a different code." }] } })
          }
          const input = body.variables.basicCodeDiscount
          const id = `gid://shopify/DiscountCodeNode/${this.sequence++}`
          this.discounts.set(id, { id, code: input.code, input, usage: 0, deleted: false })
          return answer({ discountCodeBasicCreate: { codeDiscountNode: { id }, userErrors: [] } })
        }
        case "discountCodeDelete": {
          const found = this.discounts.get(body.variables?.id)
          if (!found || found.deleted) {
            return answer({ discountCodeDelete: { deletedCodeDiscountId: null, userErrors: [{ field: ["id"], code: "INVALID", message: "Discount does not exist" }] } })
          }
          found.deleted = true
          return answer({ discountCodeDelete: { deletedCodeDiscountId: found.id, userErrors: [] } })
        }
        case "codeDiscountNode": {
          const found = this.discounts.get(body.variables?.id)
          return answer({ codeDiscountNode: found && !found.deleted ? { id: found.id, codeDiscount: { asyncUsageCount: found.usage } } : null })
        }
        case "orders": {
          const { first, after, query } = checked.ok.args
          if (!Number.isInteger(first) || first < 1 || first > 250) {
            this.refused.push({ operation, reason: "first must be 1-250" })
            return send(200, { errors: [{ message: "first must be between 1 and 250", extensions: { code: "BAD_REQUEST" } }] })
          }
          const since = /updated_at:>='?([^' ]+)'?/.exec(query ?? "")?.[1]
          const sorted = [...this.orders]
            .filter((o) => !since || o.updatedAt >= since)
            .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id.localeCompare(b.id))
          const start = indexOf(after)
          const page = sorted.slice(start, start + first)
          return answer({ orders: connection(page.map(withLines), start, sorted.length) })
        }
        case "order": {
          const found = this.orders.find((o) => o.id === checked.ok.args.id)
          return answer({ order: found ? withLines(found) : null })
        }
        case "refund": {
          const found = this.orders.flatMap((o) => o.refunds ?? []).find((r: any) => r.id === checked.ok.args.id)
          return answer({ refund: found ? withRefundLines(found) : null })
        }
        case "customer": {
          const id = checked.ok.args.id
          if (!/^gid:\/\/shopify\/Customer\/\d+$/.test(id ?? "")) {
            return answer({ customer: null })
          }
          // UnsignedInt64 is serialized as a string, as Shopify does
          return answer({ customer: { id, numberOfOrders: String(this.orderCounts.get(id) ?? 1) } })
        }
        case "segmentCreate": {
          const { name, query } = body.variables ?? {}
          if (typeof name !== "string" || !name || !/^customer_tags CONTAINS '[a-z0-9-]+'$/.test(query ?? "")) {
            this.refused.push({ operation, reason: "segmentCreate needs a name and a customer_tags CONTAINS query" })
            return answer({ segmentCreate: { segment: null, userErrors: [{ field: ["query"], message: "Invalid segment query" }] } })
          }
          const id = `gid://shopify/Segment/${this.sequence++}`
          this.segments.set(id, { name, query })
          return answer({ segmentCreate: { segment: { id }, userErrors: [] } })
        }
        case "discountAutomaticBasicCreate":
        case "discountAutomaticBasicUpdate": {
          const input = body.variables?.automaticBasicDiscount
          const creating = operation === "discountAutomaticBasicCreate"
          const percentage = input?.customerGets?.value?.percentage
          const segments = input?.context?.customerSegments?.add
          const problem = !input
            ? "automaticBasicDiscount is required"
            : creating && (typeof input.title !== "string" || Number.isNaN(Date.parse(input.startsAt ?? "")))
              ? "title and startsAt are required"
              : typeof percentage !== "number" || percentage <= 0 || percentage > 1
                ? "customerGets.value.percentage must be a Float in (0, 1]"
                : creating && (!Array.isArray(segments) || segments.length !== 1 || !this.segments.has(segments[0]))
                  ? "context.customerSegments.add must name one existing segment"
                  : !creating && !this.automaticDiscounts.has(body.variables?.id)
                    ? "no such automatic discount"
                    : null
          if (problem) {
            this.refused.push({ operation, reason: problem })
            return answer({ [operation]: { automaticDiscountNode: null, userErrors: [{ field: ["automaticBasicDiscount"], code: "INVALID", message: problem }] } })
          }
          const id = creating ? `gid://shopify/DiscountAutomaticNode/${this.sequence++}` : body.variables.id
          const before = this.automaticDiscounts.get(id)?.input ?? {}
          this.automaticDiscounts.set(id, { input: { ...before, ...input }, deleted: false })
          return answer({ [operation]: { automaticDiscountNode: { id }, userErrors: [] } })
        }
        case "discountAutomaticDelete": {
          const found = this.automaticDiscounts.get(body.variables?.id)
          if (!found || found.deleted) {
            return answer({ discountAutomaticDelete: { deletedAutomaticDiscountId: null, userErrors: [{ field: ["id"], code: "INVALID", message: "Discount does not exist" }] } })
          }
          found.deleted = true
          return answer({ discountAutomaticDelete: { deletedAutomaticDiscountId: body.variables.id, userErrors: [] } })
        }
        case "metafieldsSet": {
          const metafields = body.variables?.metafields
          const problem = !Array.isArray(metafields) || !metafields.length
            ? "metafields must be a non-empty list"
            : metafields.length > 25
              ? "at most 25 metafields per metafieldsSet"
              : metafields.map(metafieldProblem).find(Boolean) ?? null
          if (problem) {
            this.refused.push({ operation, reason: problem })
            return answer({ metafieldsSet: { metafields: null, userErrors: [{ field: ["metafields"], code: "INVALID", message: problem }] } })
          }
          for (const m of metafields) {
            this.customer(m.ownerId).metafields[`${m.namespace}.${m.key}`] = { type: m.type, value: m.value }
          }
          return answer({ metafieldsSet: { metafields: metafields.map((m: any) => ({ key: m.key, namespace: m.namespace, ownerType: "CUSTOMER" })), userErrors: [] } })
        }
        case "tagsAdd":
        case "tagsRemove": {
          const { id, tags } = body.variables ?? {}
          if (!/^gid:\/\/shopify\/Customer\/\d+$/.test(id ?? "") || !Array.isArray(tags) || tags.some((t: unknown) => typeof t !== "string" || !t)) {
            this.refused.push({ operation, reason: "id must be a customer gid and tags a list of strings" })
            return answer({ [operation]: { node: null, userErrors: [{ field: ["id"], message: "Invalid id or tags" }] } })
          }
          const customer = this.customer(id)
          for (const tag of tags) {
            operation === "tagsAdd" ? customer.tags.add(tag) : customer.tags.delete(tag)
          }
          return answer({ [operation]: { node: { id }, userErrors: [] } })
        }
        case "storeCreditAccountCredit": {
          if (this.failStoreCreditCredit === "http_500") {
            return send(500, { errors: "Internal Server Error" })
          }
          const { id, creditInput } = checked.ok.args
          const refuse = (code: string, field: string[], message: string) =>
            answer({ storeCreditAccountCredit: { storeCreditAccountTransaction: null, userErrors: [{ code, field, message }] } })
          if (this.failStoreCreditCredit === "user_errors") {
            this.failStoreCreditCredit = null
            return refuse("CREDIT_LIMIT_EXCEEDED", ["creditInput", "creditAmount"], "The operation would cause the account's credit limit to be exceeded.")
          }
          const account = this.storeCreditAccountFor(id)
          if (!account && /^gid:\/\/shopify\/StoreCreditAccount\//.test(id)) {
            return refuse("ACCOUNT_NOT_FOUND", ["id"], "The store credit account could not be found.")
          }
          if (!account && !this.shopCustomers.has(id)) {
            return refuse("OWNER_NOT_FOUND", ["id"], "Owner does not exist.")
          }
          const { amount, currencyCode } = creditInput.creditAmount
          if (!(Number(amount) > 0)) {
            return refuse("NEGATIVE_OR_ZERO_AMOUNT", ["creditInput", "creditAmount", "amount"], "A positive amount must be used to credit a store credit account.")
          }
          if (account && account.currencyCode !== currencyCode) {
            return refuse("MISMATCHING_CURRENCY", ["creditInput", "creditAmount", "currencyCode"], "The currency provided does not match the currency of the store credit account.")
          }
          if (currencyCode !== this.currencyCode) {
            return refuse("UNSUPPORTED_CURRENCY", ["creditInput", "creditAmount", "currencyCode"], "The currency provided is not currently supported.")
          }
          if (creditInput.expiresAt && Date.parse(creditInput.expiresAt) <= Date.now()) {
            return refuse("EXPIRES_AT_IN_PAST", ["creditInput", "expiresAt"], "The expiry date must be in the future.")
          }
          const target = account ?? this.openStoreCreditAccount(id, currencyCode)
          const credit: StandInStoreCredit = {
            id: `gid://shopify/StoreCreditAccountCreditTransaction/${this.sequence++}`,
            amount: fromCents(toCents(amount)),
            remaining: fromCents(toCents(amount)),
            expiresAt: creditInput.expiresAt ?? null,
            createdAt: new Date().toISOString(),
            expired: false,
          }
          target.credits.push(credit)
          return answer({ storeCreditAccountCredit: { storeCreditAccountTransaction: this.creditTransactionView(target, credit), userErrors: [] } })
        }
        case "storeCreditAccountDebit": {
          const { id, debitInput } = checked.ok.args
          const refuse = (code: string, field: string[], message: string) =>
            answer({ storeCreditAccountDebit: { storeCreditAccountTransaction: null, userErrors: [{ code, field, message }] } })
          const account = this.storeCreditAccountFor(id)
          if (!account) {
            return refuse("ACCOUNT_NOT_FOUND", ["id"], "The store credit account could not be found.")
          }
          const { amount, currencyCode } = debitInput.debitAmount
          if (!(Number(amount) > 0)) {
            return refuse("NEGATIVE_OR_ZERO_AMOUNT", ["debitInput", "debitAmount", "amount"], "A positive amount must be used to debit a store credit account.")
          }
          if (currencyCode !== account.currencyCode) {
            return refuse("MISMATCHING_CURRENCY", ["debitInput", "debitAmount", "currencyCode"], "The currency provided does not match the currency of the store credit account.")
          }
          if (toCents(amount) > balanceCents(account)) {
            return refuse("INSUFFICIENT_FUNDS", ["debitInput", "debitAmount", "amount"], "The store credit account does not have sufficient funds to satisfy the request.")
          }
          this.spendStoreCredit(account.owner, amount)
          const debit = account.debits[account.debits.length - 1]
          const money = (cents: number) => ({ amount: fromCents(cents), currencyCode: account.currencyCode })
          return answer({
            storeCreditAccountDebit: {
              storeCreditAccountTransaction: {
                id: debit.id,
                amount: money(-toCents(amount)),
                balanceAfterTransaction: money(balanceCents(account)),
                createdAt: debit.createdAt,
                account: { id: account.id, balance: money(balanceCents(account)) },
              },
              userErrors: [],
            },
          })
        }
        case "node": {
          const id = checked.ok.args.id
          for (const account of this.storeCreditAccounts.values()) {
            const credit = account.credits.find((c) => c.id === id)
            if (credit) {
              return answer({ node: { __typename: "StoreCreditAccountCreditTransaction", ...this.creditTransactionView(account, credit) } })
            }
          }
          return answer({ node: null })
        }
        default:
          // in Shopify's schema, but not simulated here: a test that needs it teaches the stand-in
          this.refused.push({ operation, reason: "the stand-in does not answer this operation" })
          return send(200, { errors: [{ message: `The stand-in does not answer '${operation}'`, extensions: { code: "NOT_SIMULATED" } }] })
      }
    })
  }

  private storeCreditAccountFor(id: string): StandInStoreCreditAccount | undefined {
    return this.storeCreditAccounts.get(id) ?? [...this.storeCreditAccounts.values()].find((a) => a.id === id)
  }

  private openStoreCreditAccount(owner: string, currencyCode: string) {
    const account = { id: `gid://shopify/StoreCreditAccount/${this.sequence++}`, owner, currencyCode, credits: [], debits: [] }
    this.storeCreditAccounts.set(owner, account)
    return account
  }

  private creditTransactionView(account: StandInStoreCreditAccount, credit: StandInStoreCredit) {
    const money = (cents: number) => ({ amount: fromCents(cents), currencyCode: account.currencyCode })
    return {
      id: credit.id,
      amount: money(toCents(credit.amount)),
      balanceAfterTransaction: money(balanceCents(account)),
      createdAt: credit.createdAt,
      expiresAt: credit.expiresAt,
      remainingAmount: money(toCents(credit.remaining)),
      account: { id: account.id, balance: money(balanceCents(account)) },
    }
  }
}

/** Money as whole cents (the stand-in's shop currencies have two decimals). */
const toCents = (amount: string | number) => Math.round(Number(amount) * 100)
const fromCents = (cents: number) => (cents / 100).toFixed(2)
/** What an account holds: every credit's unexpired remainder. */
const balanceCents = (account: StandInStoreCreditAccount) =>
  account.credits.filter((c) => !c.expired).reduce((sum, c) => sum + toCents(c.remaining), 0)

const cursorAt = (index: number) => Buffer.from(`cursor:${index}`).toString("base64")
const indexOf = (cursor: string | null | undefined) => (cursor ? Number(Buffer.from(cursor, "base64").toString("utf8").split(":")[1]) : 0)

/** One page of a Relay connection: `nodes` from index `start` of `total`, with edges and cursors. */
function connection<T>(nodes: T[], start: number, total: number) {
  const end = start + nodes.length
  return {
    pageInfo: { hasNextPage: end < total, hasPreviousPage: start > 0, startCursor: nodes.length ? cursorAt(start + 1) : null, endCursor: nodes.length ? cursorAt(end) : null },
    nodes,
    edges: nodes.map((node, i) => ({ cursor: cursorAt(start + i + 1), node })),
  }
}

/** A stored order whose `lineItems` pages by its `first` and `after` arguments, as Shopify's connection does. */
function withLines(order: StandInOrder) {
  // Shopify always answers isGiftCard (Boolean!): a test's line that does not say is a product
  const lines: any[] = (order.lineItems?.nodes ?? []).map((line: any) => ({ isGiftCard: false, ...line }))
  return {
    ...order,
    lineItems: ({ first, after }: { first?: number; after?: string }) => {
      const start = indexOf(after)
      const page = lines.slice(start, start + (first ?? 0))
      return connection(page, start, lines.length)
    },
  }
}

/** A stored refund whose `refundLineItems` pages by `first` and `after`, each line's item answering isGiftCard. */
function withRefundLines(refund: any) {
  const lines: any[] = (refund.refundLineItems?.nodes ?? []).map((line: any) => ({ ...line, lineItem: { isGiftCard: false, ...line.lineItem } }))
  return {
    ...refund,
    refundLineItems: ({ first, after }: { first?: number; after?: string }) => {
      const start = indexOf(after)
      return connection(lines.slice(start, start + (first ?? 0)), start, lines.length)
    },
  }
}

function metafieldProblem(m: any): string | null {
  if (!/^gid:\/\/shopify\/Customer\/\d+$/.test(m?.ownerId ?? "")) return "ownerId must be a customer gid"
  if (m.namespace !== "kapy" || !["points", "tier"].includes(m.key)) return `unexpected metafield ${m.namespace}.${m.key}`
  if (m.key === "points" && (m.type !== "number_integer" || !/^-?\d+$/.test(m.value))) return "kapy.points must be a number_integer"
  if (m.key === "tier" && (m.type !== "single_line_text_field" || typeof m.value !== "string")) return "kapy.tier must be a single_line_text_field"
  return null
}

/** What Shopify would refuse in a DiscountCodeBasicInput Kapy sends (2025-10: `context`, not `customerSelection`). */
function discountInputProblem(input: any): string | null {
  if (!input || typeof input !== "object") return "basicCodeDiscount is required"
  if (typeof input.code !== "string" || !input.code) return "code is required"
  if (typeof input.title !== "string" || !input.title) return "title is required"
  if (!input.startsAt || Number.isNaN(Date.parse(input.startsAt))) return "startsAt must be a DateTime"
  if (input.endsAt && Number.isNaN(Date.parse(input.endsAt))) return "endsAt must be a DateTime"
  if ("customerSelection" in input) return "customerSelection is deprecated in 2025-10: use context"
  const customers = input.context?.customers?.add
  if (!Array.isArray(customers) || customers.length !== 1 || !/^gid:\/\/shopify\/Customer\/\d+$/.test(customers[0])) {
    return "context.customers.add must name exactly one customer gid"
  }
  const amount = input.customerGets?.value?.discountAmount?.amount
  if (typeof amount !== "string" || !/^\d+(\.\d+)?$/.test(amount)) return "customerGets.value.discountAmount.amount must be a Decimal string"
  if (input.customerGets?.items?.all !== true) return "customerGets.items.all must be true"
  if ("minimumRequirement" in input) {
    const subtotal = input.minimumRequirement?.subtotal?.greaterThanOrEqualToSubtotal
    if (Object.keys(input.minimumRequirement ?? {}).join() !== "subtotal" || typeof subtotal !== "string" || !/^\d+(\.\d+)?$/.test(subtotal)) {
      return "minimumRequirement must be { subtotal: { greaterThanOrEqualToSubtotal: Decimal string } }"
    }
  }
  if (input.usageLimit !== 1) return "usageLimit must be 1 for a single-use code"
  if (input.appliesOncePerCustomer !== true) return "appliesOncePerCustomer must be true"
  return null
}

/** Signs a webhook body as Shopify does: base64 HMAC-SHA256 of the raw body with the app's secret. */
export function signWebhook(secret: string, body: string) {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64")
}

/** Signs app proxy query parameters as Shopify does: sorted `key=value` joined without separator, hex HMAC-SHA256. */
export function signProxyQuery(secret: string, params: Record<string, string>) {
  const message = Object.keys(params)
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join("")
  return createHmac("sha256", secret).update(message, "utf8").digest("hex")
}

/**
 * Signs a session token as Shopify signs the ones UI extensions get from
 * `shopify.sessionToken.get()`: a JWT, HS256 with the app's API secret.
 */
export function signSessionToken(secret: string, claims: Record<string, unknown>) {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url")
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}`
  return `${unsigned}.${createHmac("sha256", secret).update(unsigned).digest("base64url")}`
}

/** A webhook id of Shopify's shape (a UUID-like string). */
export function webhookId(seed: string) {
  const hex = createHash("sha1").update(seed).digest("hex")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/**
 * The headers of a webhook delivery as Shopify sends them: the topic, the
 * shop, the API version, the delivery's and the event's ids, when it was
 * triggered, and the body's HMAC with the app's secret.
 */
export function webhookDeliveryHeaders({ topic, body, shop, secret, apiVersion, id, eventId, triggeredAt = new Date() }: {
  topic: string
  body: string
  shop: string
  secret: string
  apiVersion: string
  id: string
  eventId: string
  triggeredAt?: Date
}): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-shop-domain": shop,
    "x-shopify-api-version": apiVersion,
    "x-shopify-webhook-id": id,
    "x-shopify-event-id": eventId,
    "x-shopify-triggered-at": triggeredAt.toISOString(),
    "x-shopify-hmac-sha256": signWebhook(secret, body),
  }
}
