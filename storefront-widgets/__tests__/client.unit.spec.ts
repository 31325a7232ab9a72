import { KapyClient, KapyError } from "../src/client"
import { fakeFetch, ME, memoryStorage } from "./helpers"

const BASE = "https://api.shop.test"

describe("the widgets' data client, Medusa source", () => {
  it("sends the publishable key and the customer's JWT the way js-sdk does", async () => {
    const { fetch, calls } = fakeFetch({ "GET /store/loyalty/me": () => ({ status: 200, body: ME }) })
    const client = new KapyClient({ baseUrl: BASE + "/", publishableKey: "pk_1", token: "jwt_1", fetch, storage: null })
    expect(await client.me()).toEqual(ME)
    expect(calls).toHaveLength(1)
    expect(calls[0].url).toBe(`${BASE}/store/loyalty/me`)
    expect(calls[0].headers["x-publishable-api-key"]).toBe("pk_1")
    expect(calls[0].headers.authorization).toBe("Bearer jwt_1")
  })

  it("reads the JWT js-sdk keeps in storage (medusa_auth_token) when none is given", async () => {
    const { fetch, calls } = fakeFetch({ "GET /store/loyalty/me": () => ({ status: 200, body: ME }) })
    const storage = memoryStorage({ medusa_auth_token: "stored_jwt" })
    await new KapyClient({ baseUrl: BASE, fetch, storage }).me()
    expect(calls[0].headers.authorization).toBe("Bearer stored_jwt")
  })

  it("treats a shopper without a token as a guest without asking the shop", async () => {
    const { fetch, calls } = fakeFetch({})
    expect(await new KapyClient({ baseUrl: BASE, fetch, storage: memoryStorage() }).me()).toBeNull()
    expect(calls).toHaveLength(0)
  })

  it("with session auth sends the cookie (credentials include) and no bearer token", async () => {
    const { fetch, calls } = fakeFetch({ "GET /store/loyalty/me": () => ({ status: 200, body: ME }) })
    const storage = memoryStorage({ medusa_auth_token: "stored_jwt" })
    await new KapyClient({ baseUrl: BASE, auth: "session", publishableKey: "pk_1", fetch, storage }).me()
    expect(calls[0].credentials).toBe("include")
    expect(calls[0].headers.authorization).toBeUndefined()
  })

  it("refreshes an expired-looking token once after a 401 and retries with the new one, keeping it", async () => {
    const storage = memoryStorage({ medusa_auth_token: "old" })
    const seen: string[] = []
    const { fetch, calls } = fakeFetch({
      "GET /store/loyalty/me": (call) => {
        seen.push(call.headers.authorization)
        return call.headers.authorization === "Bearer new" ? { status: 200, body: ME } : { status: 401, body: { type: "unauthorized", message: "Unauthorized" } }
      },
      "POST /auth/token/refresh": (call) =>
        call.headers.authorization === "Bearer old" ? { status: 200, body: { token: "new" } } : { status: 401, body: {} },
    })
    const onToken = jest.fn()
    const client = new KapyClient({ baseUrl: BASE, fetch, storage, onToken })
    expect(await client.me()).toEqual(ME)
    expect(seen).toEqual(["Bearer old", "Bearer new"])
    expect(storage.data.medusa_auth_token).toBe("new")
    expect(onToken).toHaveBeenCalledWith("new")
    expect(calls.map((c) => `${c.method} ${c.url.replace(BASE, "")}`)).toEqual([
      "GET /store/loyalty/me",
      "POST /auth/token/refresh",
      "GET /store/loyalty/me",
    ])
  })

  it("gives up after one refresh: a login that cannot be refreshed is a guest, other calls an auth error", async () => {
    const { fetch, calls } = fakeFetch({
      "GET /store/loyalty/me": () => ({ status: 401, body: { type: "unauthorized", message: "Unauthorized" } }),
      "GET /store/loyalty/me/transactions": () => ({ status: 401, body: { type: "unauthorized", message: "Unauthorized" } }),
      "POST /auth/token/refresh": () => ({ status: 401, body: { type: "unauthorized", message: "Unauthorized" } }),
    })
    const client = new KapyClient({ baseUrl: BASE, token: "expired", fetch, storage: null })
    expect(await client.me()).toBeNull()
    expect(calls.filter((c) => c.url.endsWith("/store/loyalty/me"))).toHaveLength(1)
    const error = await client.transactions().catch((e) => e)
    expect(error).toBeInstanceOf(KapyError)
    expect(error.kind).toBe("auth")
  })

  it("asks the host's getToken for a fresh token after a 401", async () => {
    const getToken = jest.fn(async ({ refresh }: { refresh: boolean }) => (refresh ? "fresh" : "stale"))
    const { fetch } = fakeFetch({
      "GET /store/loyalty/me": (call) =>
        call.headers.authorization === "Bearer fresh" ? { status: 200, body: ME } : { status: 401, body: { message: "Unauthorized" } },
    })
    expect(await new KapyClient({ baseUrl: BASE, getToken, fetch, storage: null }).me()).toEqual(ME)
    expect(getToken.mock.calls.map((c) => c[0]).filter((o) => o.refresh)).toHaveLength(1)
    expect(getToken.mock.calls.at(-1)?.[0]).toEqual({ refresh: true })
  })

  it("turns the API's { type, message } into an error in words with its kind", async () => {
    const { fetch } = fakeFetch({
      "POST /store/carts/cart_1/loyalty-points": () => ({
        status: 409,
        body: { type: "not_allowed", message: "Not enough points: 80 available, 500 requested" },
      }),
      "POST /store/loyalty/claims": () => ({ status: 400, body: { type: "invalid_data", message: "platform: Invalid option" } }),
      "GET /store/loyalty/program": () => ({ status: 502, body: "<html>Bad gateway</html>" }),
    })
    const client = new KapyClient({ baseUrl: BASE, token: "t", fetch, storage: null })
    const conflict = await client.redeemOnCart("cart_1", 500).catch((e) => e)
    expect(conflict).toMatchObject({ status: 409, type: "not_allowed", message: "Not enough points: 80 available, 500 requested" })
    expect(conflict.kind).toBe("conflict")
    expect((await client.claim({ action: "social_follow", platform: "myspace" }).catch((e) => e)).kind).toBe("invalid")
    const server = await client.program().catch((e) => e)
    expect(server.kind).toBe("server")
    expect(server.status).toBe(502)
  })

  it("reports an unreachable shop as a network error", async () => {
    const { fetch } = fakeFetch({ "GET /store/loyalty/program": () => new TypeError("Failed to fetch") })
    const error = await new KapyClient({ baseUrl: BASE, fetch, storage: null }).program().catch((e) => e)
    expect(error).toBeInstanceOf(KapyError)
    expect(error.kind).toBe("network")
    expect(error.status).toBe(0)
  })

  it("applies and removes cones on a cart and answers the cart as the API computed it", async () => {
    const cart = { id: "cart_1", currency_code: "eur", total: 7.9, credit_lines: [{ id: "cl_1", reference: "loyalty-points", amount: 5, metadata: { points: 500 } }] }
    const { fetch, calls } = fakeFetch({
      "POST /store/carts/cart_1/loyalty-points": () => ({ status: 200, body: { cart } }),
      "DELETE /store/carts/cart_1/loyalty-points": () => ({ status: 200, body: { cart: { ...cart, total: 12.9, credit_lines: [] } } }),
      "GET /store/loyalty/preview": () => ({ status: 200, body: { preview: { points: 12 } } }),
    })
    const client = new KapyClient({ baseUrl: BASE, token: "t", fetch, storage: null })
    expect((await client.redeemOnCart("cart_1", 500)).total).toBe(7.9)
    expect(calls[0].body).toEqual({ points: 500 })
    expect((await client.removeFromCart("cart_1")).total).toBe(12.9)
    expect(calls[1].method).toBe("DELETE")
    expect((await client.preview({ variant_id: "variant_1", region_id: "reg_1", quantity: 2 })).points).toBe(12)
    expect(calls[2].url).toBe(`${BASE}/store/loyalty/preview?variant_id=variant_1&region_id=reg_1&quantity=2`)
  })
})

describe("the widgets' data client, Shopify source", () => {
  const routes = {
    "GET /apps/kapy/me": () => ({ status: 200, body: ME }),
    "GET /apps/kapy/program": () => ({ status: 200, body: { program: { unit: {} } } }),
    "GET /apps/kapy/transactions": () => ({ status: 200, body: { transactions: [{ id: "e1" }], count: 1, limit: 5, offset: 0 } }),
    "GET /apps/kapy/claims": () => ({ status: 200, body: { claims: [] } }),
    "POST /apps/kapy/claims": () => ({ status: 201, body: { claim: { id: "c1", status: "pending" } } }),
    "POST /apps/kapy/referrals/apply": () => ({ status: 200, body: { referral: { status: "pending" }, message: "Welcome!" } }),
    "POST /apps/kapy/redeem": () => ({
      status: 201,
      body: { discount: { code: "KAPY-X", url: "/discount/KAPY-X", points: 500, amount: 5, currency_code: "eur" } },
    }),
  }

  it("calls the app proxy's paths on the shop's own domain with its cookies, no key and no token", async () => {
    const { fetch, calls } = fakeFetch(routes)
    const storage = memoryStorage({ medusa_auth_token: "never-sent" })
    const client = new KapyClient({ source: "shopify", publishableKey: "pk_ignored", fetch, storage })
    expect(await client.me()).toEqual(ME)
    await client.program()
    expect((await client.transactions(5, 0)).items).toEqual([{ id: "e1" }])
    await client.claims()
    await client.claim({ action: "social_follow", platform: "instagram" })
    await client.applyReferral("K7P2MX9Q")
    const { discount } = (await client.redeemOnShopify(500)) as { discount: unknown }
    expect(discount).toMatchObject({ code: "KAPY-X", url: "/discount/KAPY-X", amount: 5 })
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "GET /apps/kapy/me",
      "GET /apps/kapy/program",
      "GET /apps/kapy/transactions?limit=5&offset=0",
      "GET /apps/kapy/claims?limit=100",
      "POST /apps/kapy/claims",
      "POST /apps/kapy/referrals/apply",
      "POST /apps/kapy/redeem",
    ])
    for (const call of calls) {
      expect(call.credentials).toBe("same-origin")
      expect(call.headers.authorization).toBeUndefined()
      expect(call.headers["x-publishable-api-key"]).toBeUndefined()
    }
    expect(calls[5].body).toEqual({ code: "K7P2MX9Q" })
    // one key per redemption: a retry of the request makes nothing twice
    expect(calls[6].body).toEqual({ points: 500, idempotency_key: expect.stringMatching(/^[0-9a-f-]{36}$/) })
  })

  it("takes another proxy path, and a shopper Shopify does not know is a guest", async () => {
    const { fetch, calls } = fakeFetch({
      "GET /apps/loyalty/me": () => ({ status: 401, body: { type: "unauthorized", message: "logged_in_customer_id: log in to your account in the shop first" } }),
    })
    expect(await new KapyClient({ source: "shopify", baseUrl: "/apps/loyalty/", fetch, storage: null }).me()).toBeNull()
    expect(calls).toHaveLength(1)
  })

  it("refuses what only Medusa's store API has, in words and without a request", async () => {
    const { fetch, calls } = fakeFetch(routes)
    const client = new KapyClient({ source: "shopify", fetch, storage: null })
    const error = await client.preview({ variant_id: "v", region_id: "r" }).catch((e) => e)
    expect(error).toBeInstanceOf(KapyError)
    expect(error.message).toBe("Not available with the shopify source")
    expect(calls).toHaveLength(0)
  })
})
