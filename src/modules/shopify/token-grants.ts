import { MedusaError } from "@medusajs/framework/utils"

/**
 * Shopify's token endpoint (`POST https://{shop}/admin/oauth/access_token`,
 * form-encoded) for the two grants Kapy runs itself: the client-credentials
 * grant of a Dev Dashboard app installed on the merchant's own shop
 * (tokens of about 24 hours, no refresh token), and the refresh of an
 * expiring offline token (an hour; Shopify replaces the refresh token on
 * every use). `@shopify/shopify-api` 13.1 has both (`auth.clientCredentials`,
 * `auth.refreshToken`), but builds the address from the shop's domain, so
 * a shop served elsewhere (the `admin_api_url` option of a stand-in) could
 * not be reached; the request is a few fields, made here.
 */

/** A token as Shopify issues it, with the expiry times worked out. */
export type IssuedToken = {
  access_token: string
  scope: string | null
  /** Null: the token does not expire. */
  expires_at: Date | null
  refresh_token: string | null
  refresh_token_expires_at: Date | null
}

export type TokenEndpoint = {
  /** `https://{shop}` (or the stand-in's address): the endpoint is `{base}/admin/oauth/access_token`. */
  base: string
  client_id: string
  client_secret: string
  fetch?: typeof fetch
  now?: () => number
}

/** The grant Kapy asks for: its own credentials, or a refresh token. */
export type TokenGrant = { grant_type: "client_credentials" } | { grant_type: "refresh_token"; refresh_token: string }

/** Seconds from `now` as a date, or null when Shopify gave no lifetime. */
function after(now: number, seconds: unknown): Date | null {
  const n = Number(seconds)
  return Number.isFinite(n) && n > 0 ? new Date(now + n * 1000) : null
}

/**
 * Asks Shopify for a token. A refusal (a wrong client secret, an unknown or
 * used refresh token, an app not installed on the shop) is UNAUTHORIZED
 * with Shopify's reason; an unreachable shop is the fetch's error.
 */
export async function requestToken(endpoint: TokenEndpoint, grant: TokenGrant): Promise<IssuedToken> {
  const now = endpoint.now ?? Date.now
  const body = new URLSearchParams({ client_id: endpoint.client_id, client_secret: endpoint.client_secret, ...grant })
  const response = await (endpoint.fetch ?? fetch)(`${endpoint.base.replace(/\/$/, "")}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: body.toString(),
  })
  const answer: any = await response.json().catch(() => null)
  if (!response.ok || typeof answer?.access_token !== "string") {
    const reason = answer?.error_description ?? answer?.error ?? answer?.errors ?? `HTTP ${response.status}`
    throw new MedusaError(
      MedusaError.Types.UNAUTHORIZED,
      `Shopify refused the ${grant.grant_type.replace("_", " ")} grant (${response.status}): ${typeof reason === "string" ? reason : JSON.stringify(reason)}`
    )
  }
  const at = now()
  return {
    access_token: answer.access_token,
    scope: typeof answer.scope === "string" ? answer.scope : null,
    expires_at: after(at, answer.expires_in),
    refresh_token: typeof answer.refresh_token === "string" ? answer.refresh_token : null,
    refresh_token_expires_at: after(at, answer.refresh_token_expires_in),
  }
}

/** How long before its expiry a token is renewed. */
export const RENEWAL_MARGIN_MS = 5 * 60_000

/** Whether a token that expires at `expiresAt` is due for renewal at `now` (five minutes before; a tenth of the hour of a shorter-lived token). */
export function dueForRenewal(expiresAt: Date | string | null, now: number): boolean {
  if (!expiresAt) {
    return false
  }
  return now >= new Date(expiresAt).getTime() - RENEWAL_MARGIN_MS
}

/** From this day Shopify refuses a public app's non-expiring offline token. */
export const NON_EXPIRING_CUTOFF = new Date("2027-01-01T00:00:00Z")
