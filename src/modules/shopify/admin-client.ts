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
}

type ClientConfig = {
  url: string
  accessToken: () => Promise<string>
  /** How to wait before a retry; tests pass one that records instead of sleeping long. */
  wait?: (ms: number) => Promise<void>
  maxAttempts?: number
  fetch?: typeof fetch
}

/**
 * The Admin GraphQL API, aware of its cost-based rate limit: a `THROTTLED`
 * answer waits until the bucket has restored enough points for the query
 * (`(requested - available) / restoreRate` seconds, from the answer's
 * `extensions.cost`) and tries again; so do 429 and 5xx answers, with
 * Retry-After or exponential backoff. Before a query whose cost is known
 * from last time, it waits while the bucket is too low, so a batch of syncs
 * does not run into the limit first.
 */
export class ShopifyAdminClient {
  private lastStatus: ThrottleStatus | null = null
  private readonly costs = new Map<string, number>()

  constructor(private readonly config: ClientConfig) {}

  async request<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<GraphqlAnswer<T>> {
    const wait = this.config.wait ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
    const attempts = this.config.maxAttempts ?? 4
    const doFetch = this.config.fetch ?? fetch
    const known = this.costs.get(query)
    if (known && this.lastStatus && this.lastStatus.currentlyAvailable < known) {
      await wait(this.restoreWait(known, this.lastStatus))
    }
    for (let attempt = 1; ; attempt++) {
      const response = await doFetch(this.config.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "x-shopify-access-token": await this.config.accessToken(),
        },
        body: JSON.stringify({ query, variables }),
      })
      if (response.status === 429 || response.status >= 500) {
        if (attempt >= attempts) {
          throw new ShopifyAdminError(`Shopify Admin API answered ${response.status} ${attempt} times`)
        }
        const retryAfter = Number(response.headers.get("retry-after"))
        await wait(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 250 * 2 ** attempt)
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
      }
      const errors: any[] = body.errors ?? []
      if (errors.some((e) => e?.extensions?.code === "THROTTLED")) {
        if (attempt >= attempts) {
          throw new ShopifyAdminError("Shopify Admin API stayed throttled", errors)
        }
        const requested = cost?.requestedQueryCost ?? known ?? 50
        this.costs.set(query, requested)
        await wait(cost?.throttleStatus ? this.restoreWait(requested, cost.throttleStatus) : 1000 * attempt)
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

  private restoreWait(cost: number, status: ThrottleStatus) {
    const missing = Math.max(0, cost - status.currentlyAvailable)
    return Math.ceil((missing / Math.max(1, status.restoreRate)) * 1000)
  }
}
