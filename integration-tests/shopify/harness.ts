import { runScheduledJob } from "../jobs"
import { ShopifyStandIn, signProxyQuery, signSessionToken, StandInOptions, webhookDeliveryHeaders, webhookId } from "./stand-in"

/** The test shop's settings, read by medusa-config.ts from the environment. */
export const SHOP = "kapy-test.myshopify.com"
export const API_SECRET = "shpss_kapy_test_secret"
/** The app's client id (API key): a session token's `aud`. */
export const API_KEY = "kapy-test-key"
export const ACCESS_TOKEN = "shpat_kapy_test_token"
export const API_VERSION = "2025-10"
/** The key that encrypts OAuth tokens at rest (32 bytes, hex). */
export const TOKEN_KEY = "6b61707920746f6b656e206b657920666f72207465737473206f6e6c79212121"

/**
 * Starts the stand-in Admin API and points the app at it. Call at the top
 * of a spec file: its beforeAll runs before the Medusa test runner's, which
 * reads medusa-config.ts (and so these variables). `options` set the shop's
 * bucket (default 2 000 points, 100 a second), the single-query cap and the
 * clock the bucket refills by.
 */
export function useShopifyStandIn(extraEnv: Record<string, string> = {}, options: StandInOptions = {}) {
  const standIn = new ShopifyStandIn(ACCESS_TOKEN, API_VERSION, options)
  beforeAll(async () => {
    await standIn.start()
    Object.assign(process.env, {
      SHOPIFY_SHOP: SHOP,
      SHOPIFY_API_KEY: API_KEY,
      SHOPIFY_API_SECRET: API_SECRET,
      SHOPIFY_ACCESS_TOKEN: ACCESS_TOKEN,
      SHOPIFY_API_VERSION: API_VERSION,
      SHOPIFY_ADMIN_API_URL: standIn.url,
      KAPY_SHOPIFY_TOKEN_KEY: TOKEN_KEY,
      ...extraEnv,
    })
  })
  afterAll(async () => {
    await standIn.stop()
  })
  return standIn
}

let deliveries = 0
/**
 * Event ids are unique per test file too: the browser suite's files share
 * one app, and an event id seen before is a duplicate delivery to it.
 */
const FILE_RUN = `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`

/** Headers of a webhook delivery as Shopify sends them, signed over `body` unless `hmac` is given (null: none). */
export function webhookHeaders(topic: string, body: string, { id, hmac, shop = SHOP }: { id?: string; hmac?: string | null; shop?: string } = {}) {
  const headers = webhookDeliveryHeaders({
    topic,
    body,
    shop,
    secret: API_SECRET,
    apiVersion: API_VERSION,
    id: id ?? webhookId(`${topic}-${++deliveries}-${Date.now()}`),
    eventId: webhookId(`event-${topic}-${FILE_RUN}-${deliveries}`),
  })
  if (hmac === null) {
    delete headers["x-shopify-hmac-sha256"]
  } else if (hmac !== undefined) {
    headers["x-shopify-hmac-sha256"] = hmac
  }
  return headers
}

/** Posts a webhook with its body as the exact bytes given (axios must not re-serialise it). */
export function postWebhook(api: any, topic: string, body: string, options: Parameters<typeof webhookHeaders>[2] = {}) {
  return api.post("/shopify/webhooks", body, {
    headers: webhookHeaders(topic, body, options),
    transformRequest: [(data: unknown) => data],
  })
}

/** An app proxy path with Shopify's signed query (the shopper logged in as `customerId`, or not when null). */
export function proxyPath(
  path: string,
  customerId: string | null,
  { timestamp = Math.floor(Date.now() / 1000), secret = API_SECRET, extra = {} as Record<string, string> } = {}
) {
  const params: Record<string, string> = {
    shop: SHOP,
    path_prefix: "/apps/kapy",
    timestamp: String(timestamp),
    logged_in_customer_id: customerId ?? "",
    ...extra,
  }
  const signature = signProxyQuery(secret, params)
  return `/shopify/proxy/${path}?${new URLSearchParams({ ...params, signature }).toString()}`
}

/**
 * A customer-account extension's session token for Shopify customer
 * `customerId`, as Shopify issues it (valid for a minute from now);
 * `claims` replace any claim (undefined drops it), `secret` signs it.
 */
export function sessionToken(customerId: string, { claims = {} as Record<string, unknown>, secret = API_SECRET } = {}) {
  const now = Math.floor(Date.now() / 1000)
  const base: Record<string, unknown> = {
    iss: `https://${SHOP}/account`,
    dest: `https://${SHOP}`,
    aud: API_KEY,
    sub: `gid://shopify/Customer/${customerId}`,
    exp: now + 60,
    nbf: now - 1,
    iat: now - 1,
    jti: `jti-${customerId}-${now}-${Math.random().toString(36).slice(2)}`,
    sid: `sid-${customerId}`,
  }
  const merged = { ...base, ...claims }
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key]
  return signSessionToken(secret, merged)
}

/**
 * Does `act` (posting webhooks), then runs the batched earner as Medusa's
 * scheduler runs it (`kapy-shopify-earn-inbox`, integration-tests/jobs.ts)
 * until the inbox is empty and the outbox done; resolves with what `act`
 * returned. The tests' "deliver": the route only stores, the earner earns.
 */
export async function afterShopifyInbox<T>(container: any, act: () => Promise<T>): Promise<T> {
  const result = await act()
  await runScheduledJob(container, "kapy-shopify-earn-inbox")
  return result
}
