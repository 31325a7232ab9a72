import { MedusaError } from "@medusajs/framework/utils"

export type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number }

export type GraphqlAnswer<T> = {
  data: T
  cost?: { requestedQueryCost?: number; actualQueryCost?: number | null; throttleStatus?: ThrottleStatus }
}

/** A GraphQL `userErrors` list or a refused request, with Shopify's words. */
export class ShopifyAdminError extends Error {
  constructor(
    message: string,
    readonly details: unknown = null
  ) {
    super(message)
    this.name = "ShopifyAdminError"
  }

  /** The first error's `extensions.code` (`MAX_COST_EXCEEDED`, `THROTTLED`, …), when Shopify gave one. */
  get code(): string | null {
    const first = Array.isArray(this.details) ? this.details[0] : null
    return typeof first?.extensions?.code === "string" ? first.extensions.code : null
  }
}

/**
 * Shopify could not be reached: the connection failed (refused, no such
 * host, reset, timed out) or the Admin API kept answering 5xx. Nothing was
 * read or written; the same call later may well succeed.
 */
export class ShopifyUnreachableError extends ShopifyAdminError {
  constructor(message: string, details: unknown = null) {
    super(message, details)
    this.name = "ShopifyUnreachableError"
  }
}

/** Whether an error (possibly rethrown by a workflow, which may lose the class) says Shopify was unreachable. */
export function isShopifyUnreachable(error: unknown): boolean {
  return error instanceof ShopifyUnreachableError || (error as any)?.name === "ShopifyUnreachableError"
}

/** Why a fetch failed, in one line: the cause's code (`ECONNREFUSED`, `ENOTFOUND`, …) or message. */
function networkReason(error: any): string {
  const cause = error?.cause
  const code = cause?.code ?? cause?.errors?.[0]?.code ?? error?.code
  return String(code ?? cause?.message ?? error?.message ?? error)
}

type ClientConfig = {
  url: string
  accessToken: () => Promise<string>
  /** Shopify refused this token (401): get a new one if there is a way; true to try once more. */
  renewToken?: (refused: string) => Promise<boolean>
  /** How to wait before a retry; tests pass one that records instead of sleeping long. */
  wait?: (ms: number) => Promise<void>
  /** The clock the bucket refills by (tests: the one `wait` advances). */
  now?: () => number
  /** Tries for a 429 or 5xx answer (default 4). */
  maxAttempts?: number
  /** Tries for a THROTTLED answer, each after the restore time (default 6). */
  maxThrottledAttempts?: number
  fetch?: typeof fetch
}

/**
 * The Admin GraphQL API, aware of its cost-based rate limit (a leaky bucket
 * per app and shop, which every answer's `extensions.cost.throttleStatus`
 * describes): a `THROTTLED` answer waits until the bucket has restored
 * enough points for the query (`(requested - available) / restoreRate`
 * seconds) and tries again, with a growing margin each time; 429 and 5xx
 * answers wait for Retry-After or back off exponentially. Before a query
 * whose cost is known from last time, it works out what the bucket holds now
 * (the last status plus the restore rate times the time since) and waits
 * for the difference, so a run of pages or syncs paces itself to the
 * restore rate instead of running into THROTTLED.
 */
export class ShopifyAdminClient {
  private lastStatus: ThrottleStatus | null = null
  private lastStatusAt = 0
  private readonly costs = new Map<string, number>()

  constructor(private readonly config: ClientConfig) {}

  async request<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<GraphqlAnswer<T>> {
    const wait = this.config.wait ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
    const now = this.config.now ?? Date.now
    const attempts = this.config.maxAttempts ?? 4
    const throttledAttempts = this.config.maxThrottledAttempts ?? 6
    const doFetch = this.config.fetch ?? fetch
    const known = this.costs.get(query)
    if (known && this.lastStatus) {
      const ahead = this.restoreWait(known, this.availableNow(now()))
      if (ahead > 0) {
        await wait(ahead)
      }
    }
    let throttled = 0
    let renewed = false
    for (let attempt = 1; ; attempt++) {
      const token = await this.config.accessToken()
      let response: Response
      try {
        response = await doFetch(this.config.url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "application/json",
            "x-shopify-access-token": token,
          },
          body: JSON.stringify({ query, variables }),
        })
      } catch (error) {
        throw new ShopifyUnreachableError(`Shopify Admin API unreachable at ${new URL(this.config.url).origin}: ${networkReason(error)}`)
      }
      if (response.status === 429 || response.status >= 500) {
        if (attempt >= attempts) {
          const message = `Shopify Admin API answered ${response.status} ${attempt} times`
          throw response.status >= 500 ? new ShopifyUnreachableError(message) : new ShopifyAdminError(message)
        }
        const retryAfter = Number(response.headers.get("retry-after"))
        await wait(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 250 * 2 ** attempt)
        continue
      }
      if (response.status === 401 && !renewed && this.config.renewToken && (await this.config.renewToken(token))) {
        renewed = true
        continue
      }
      if (response.status === 401 || response.status === 403) {
        throw new MedusaError(MedusaError.Types.UNAUTHORIZED, `Shopify refused the Admin API token (${response.status})`)
      }
      const body: any = await response.json().catch(() => null)
      if (!response.ok || !body) {
        throw new ShopifyAdminError(`Shopify Admin API answered ${response.status}`, body)
      }
      const cost = body.extensions?.cost
      if (cost?.throttleStatus) {
        this.lastStatus = cost.throttleStatus
        this.lastStatusAt = now()
      }
      const errors: any[] = body.errors ?? []
      if (errors.some((e) => e?.extensions?.code === "THROTTLED")) {
        if (++throttled >= throttledAttempts) {
          throw new ShopifyAdminError("Shopify Admin API stayed throttled", errors)
        }
        const requested = cost?.requestedQueryCost ?? known ?? 50
        this.costs.set(query, requested)
        // what the bucket lacks at its restore rate, and a margin that grows with each attempt
        const margin = throttled > 1 ? 2 ** (throttled - 2) * 100 : 0
        await wait(cost?.throttleStatus ? this.restoreWait(requested, cost.throttleStatus) + margin : 1000 * throttled)
        continue
      }
      if (errors.length) {
        throw new ShopifyAdminError(errors.map((e) => e?.message ?? String(e)).join("; "), errors)
      }
      if (cost?.requestedQueryCost) {
        this.costs.set(query, cost.requestedQueryCost)
      }
      return { data: body.data as T, cost }
    }
  }

  /** The bucket as the last answer left it, refilled at its restore rate for the time since. */
  private availableNow(at: number): ThrottleStatus {
    const status = this.lastStatus!
    const restored = ((at - this.lastStatusAt) / 1000) * status.restoreRate
    return { ...status, currentlyAvailable: Math.min(status.maximumAvailable, status.currentlyAvailable + Math.max(0, restored)) }
  }

  /** The throttle status of the last answer (null before the first). */
  throttleStatus(): ThrottleStatus | null {
    return this.lastStatus
  }

  private restoreWait(cost: number, status: ThrottleStatus) {
    const missing = Math.max(0, cost - status.currentlyAvailable)
    return Math.ceil((missing / Math.max(1, status.restoreRate)) * 1000)
  }
}
