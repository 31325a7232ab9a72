import { captureReferral, forgetReferral, REFERRAL_KEY, REFERRAL_TTL_MS, storedReferral } from "../src/referral"
import { KapyStore } from "../src/store"
import { fakeFetch, ME, memoryStorage } from "./helpers"

describe("?ref= capture and storage", () => {
  it("keeps the code of a referral link from any page, the latest link winning", () => {
    const storage = memoryStorage()
    expect(captureReferral("https://shop.test/products/tea?ref=K7P2MX9Q&utm=x", storage, "ref", 1000)).toBe("K7P2MX9Q")
    expect(JSON.parse(storage.data[REFERRAL_KEY])).toEqual({ code: "K7P2MX9Q", at: 1000 })
    captureReferral("https://shop.test/?ref=ABCD2345", storage, "ref", 2000)
    expect(storedReferral(storage, 2000)).toBe("ABCD2345")
  })

  it("reads the program's own parameter name and leaves pages without a code alone", () => {
    const storage = memoryStorage()
    expect(captureReferral("https://shop.test/?friend=K7P2MX9Q", storage, "friend")).toBe("K7P2MX9Q")
    expect(captureReferral("https://shop.test/?other=1", storage, "friend")).toBeNull()
    expect(storedReferral(storage)).toBe("K7P2MX9Q")
  })

  it("ignores what cannot be a code (too long, markup, empty)", () => {
    const storage = memoryStorage()
    for (const url of ["https://shop.test/?ref=", "https://shop.test/?ref=%3Cscript%3E", `https://shop.test/?ref=${"A".repeat(41)}`, "not a url"]) {
      expect(captureReferral(url, storage)).toBeNull()
    }
    expect(storage.data).toEqual({})
  })

  it("forgets a code older than 30 days, and damaged storage", () => {
    const storage = memoryStorage()
    captureReferral("https://shop.test/?ref=K7P2MX9Q", storage, "ref", 0)
    expect(storedReferral(storage, REFERRAL_TTL_MS)).toBe("K7P2MX9Q")
    expect(storedReferral(storage, REFERRAL_TTL_MS + 1)).toBeNull()
    expect(storage.data[REFERRAL_KEY]).toBeUndefined()
    storage.setItem(REFERRAL_KEY, "{not json")
    expect(storedReferral(storage)).toBeNull()
    expect(storage.data[REFERRAL_KEY]).toBeUndefined()
  })

  it("survives storage that throws (blocked cookies)", () => {
    const blocked = {
      getItem: () => {
        throw new Error("SecurityError")
      },
      setItem: () => {
        throw new Error("SecurityError")
      },
      removeItem: () => {
        throw new Error("SecurityError")
      },
    }
    expect(captureReferral("https://shop.test/?ref=K7P2MX9Q", blocked)).toBe("K7P2MX9Q")
    expect(storedReferral(blocked)).toBeNull()
    expect(() => forgetReferral(blocked)).not.toThrow()
  })
})

describe("applying a kept referral code after login", () => {
  function storeWith(storage: ReturnType<typeof memoryStorage>, routes: Parameters<typeof fakeFetch>[0]) {
    const fake = fakeFetch({
      "GET /store/loyalty/program": () => ({ status: 200, body: { program: { unit: {}, ways_to_earn: [] } } }),
      "GET /store/loyalty/me": () => ({ status: 200, body: ME }),
      "GET /store/loyalty/me/claims": () => ({ status: 200, body: { claims: [] } }),
      ...routes,
    })
    return { store: new KapyStore({ baseUrl: "https://api.shop.test", token: "jwt", fetch: fake.fetch, storage }), calls: fake.calls }
  }

  it("applies it once the shopper is logged in and forgets it", async () => {
    const storage = memoryStorage()
    captureReferral("https://shop.test/?ref=K7P2MX9Q", storage)
    const { store, calls } = storeWith(storage, {
      "POST /store/loyalty/referrals/apply": () => ({ status: 200, body: { referral: { code: "K7P2MX9Q", status: "pending" }, message: "Welcome!" } }),
    })
    await store.reload()
    expect(calls.filter((c) => c.method === "POST").map((c) => c.body)).toEqual([{ code: "K7P2MX9Q" }])
    expect(store.state.referral).toEqual({ code: "K7P2MX9Q", status: "applied" })
    expect(storage.data[REFERRAL_KEY]).toBeUndefined()
  })

  it("keeps it for a guest, and shows it was saved", async () => {
    const storage = memoryStorage()
    const { store, calls } = storeWith(storage, {})
    store.init({ baseUrl: "https://api.shop.test", token: null, tokenStorageKey: null, fetch: fakeFetch({}).fetch, storage })
    store.capture("https://shop.test/?ref=K7P2MX9Q")
    expect(store.state.referral).toEqual({ code: "K7P2MX9Q", status: "saved" })
    await store.applyReferral()
    expect(calls).toHaveLength(0)
    expect(storedReferral(storage)).toBe("K7P2MX9Q")
  })

  it("forgets a code the shop refuses, but keeps it when the shop cannot be reached", async () => {
    const refused = memoryStorage()
    captureReferral("https://shop.test/?ref=NOPE2345", refused)
    const a = storeWith(refused, {
      "POST /store/loyalty/referrals/apply": () => ({ status: 409, body: { type: "not_allowed", message: "A referral code can only be applied before your first order" } }),
    })
    await a.store.reload()
    expect(a.store.state.referral?.status).toBe("error")
    expect(refused.data[REFERRAL_KEY]).toBeUndefined()

    const offline = memoryStorage()
    captureReferral("https://shop.test/?ref=K7P2MX9Q", offline)
    const b = storeWith(offline, { "POST /store/loyalty/referrals/apply": () => new TypeError("Failed to fetch") })
    await b.store.reload()
    expect(b.store.state.referral?.status).toBe("error")
    expect(storedReferral(offline)).toBe("K7P2MX9Q")
  })

  it("captures with the program's own link parameter once the program says it", async () => {
    const storage = memoryStorage()
    const fake = fakeFetch({
      "GET /store/loyalty/program": () => ({ status: 200, body: { program: { unit: {}, ways_to_earn: [], referral: { link_param: "friend" } } } }),
    })
    const store = new KapyStore({ baseUrl: "https://api.shop.test", tokenStorageKey: null, fetch: fake.fetch, storage })
    ;(globalThis as any).location = { href: "https://shop.test/tea?friend=K7P2MX9Q", origin: "https://shop.test" }
    try {
      await store.reload()
    } finally {
      delete (globalThis as any).location
    }
    expect(storedReferral(storage)).toBe("K7P2MX9Q")
    expect(store.state.referral).toEqual({ code: "K7P2MX9Q", status: "saved" })
  })

  it("does not apply a second code over the member's referral", async () => {
    const storage = memoryStorage()
    captureReferral("https://shop.test/?ref=OTHER234", storage)
    const { store, calls } = storeWith(storage, {
      "GET /store/loyalty/me": () => ({ status: 200, body: { ...ME, referrals: { ...ME.referrals, as_friend: { code: "K7P2MX9Q", status: "pending" } } } }),
    })
    await store.reload()
    expect(calls.some((c) => c.url.includes("referrals/apply"))).toBe(false)
    expect(storage.data[REFERRAL_KEY]).toBeUndefined()
  })
})
