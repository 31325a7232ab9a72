import type { StorageLike } from "../src/client"

/** A Web Storage stand-in. */
export function memoryStorage(initial: Record<string, string> = {}): StorageLike & { data: Record<string, string> } {
  const data = { ...initial }
  return {
    data,
    getItem: (k) => (k in data ? data[k] : null),
    setItem: (k, v) => void (data[k] = String(v)),
    removeItem: (k) => void delete data[k],
  }
}

export type Call = { url: string; method: string; headers: Record<string, string>; body: any; credentials?: string }

/**
 * A fetch that records each call and answers from `routes` ("METHOD path"
 * → status and body, or a function of the call); anything else is a 404.
 */
export function fakeFetch(routes: Record<string, (call: Call) => { status: number; body?: unknown } | Error>) {
  const calls: Call[] = []
  const fn = async (input: any, init: any = {}) => {
    const call: Call = {
      url: String(input),
      method: init.method ?? "GET",
      headers: init.headers ?? {},
      body: init.body ? JSON.parse(init.body) : undefined,
      credentials: init.credentials,
    }
    calls.push(call)
    const path = call.url.replace(/^https?:\/\/[^/]+/, "").split("?")[0]
    const handler = routes[`${call.method} ${path}`]
    const answer = handler ? handler(call) : { status: 404, body: { type: "not_found", message: "Not found" } }
    if (answer instanceof Error) throw answer
    return new Response(answer.body === undefined ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { "content-type": "application/json" },
    })
  }
  return { fetch: fn as unknown as typeof fetch, calls }
}

export const ME = {
  account: { id: "kacc_1", points_balance: 1550, points_pending: 0, tier: { name: "Bronze" } },
  referrals: { as_friend: null, as_referrer: { count: 0, pending: 0, completed: 0, points_earned: 0 } },
}
