import Medusa, { FetchError } from "@medusajs/js-sdk"

/**
 * The admin's session client: the dashboard is served by the same Medusa
 * server, so requests go to its origin with the admin's session cookie.
 */
export const sdk = new Medusa({
  baseUrl: (import.meta as any).env?.VITE_BACKEND_URL || "/",
  auth: { type: "session" },
})

/** The server's `{ type, message }` error text, or the error's own. */
export function errorMessage(error: unknown): string {
  if (error instanceof FetchError || error instanceof Error) {
    return error.message
  }
  return String(error)
}

/** The HTTP status of a failed request (undefined when it never reached the server). */
export function errorStatus(error: unknown): number | undefined {
  return error instanceof FetchError ? error.status : undefined
}

/** A URL of this backend, for downloads the browser fetches itself (the session cookie goes along). */
export function backendUrl(path: string, query: Record<string, string | undefined>): string {
  const base = ((import.meta as any).env?.VITE_BACKEND_URL || "").replace(/\/$/, "")
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value) {
      params.set(key, value)
    }
  }
  const search = params.toString()
  return `${base}${path}${search ? `?${search}` : ""}`
}
