import {
  GUEST_CLAIM_DAYS,
  GUEST_CLAIM_PROBLEM,
  guestClaimProblem,
  guestClaimWindowStart,
  guestOrderClaimable,
} from "../guest-claims"

const now = new Date("2026-11-23T10:00:00Z")
const claimer = { email: "ada@example.com", has_account: true }
const daysAgo = (days: number, ms = 0) => new Date(now.getTime() - days * 86_400_000 - ms)
const guestOrder = (over: Record<string, unknown> = {}) => ({
  email: "ada@example.com",
  created_at: daysAgo(3),
  customer: { has_account: false },
  ...over,
})

describe("claiming guest orders", () => {
  describe("1. who can claim", () => {
    it("lets registered customers claim", () => {
      expect(guestClaimProblem(claimer)).toBeNull()
    })

    it("refuses customers without an account, or no customer at all", () => {
      expect(guestClaimProblem({ email: "ada@example.com", has_account: false })).toBe(
        "Only registered customers can claim guest orders"
      )
      expect(guestClaimProblem({ email: "ada@example.com" })).toBe(GUEST_CLAIM_PROBLEM)
      expect(guestClaimProblem(null)).toBe(GUEST_CLAIM_PROBLEM)
      expect(guestOrderClaimable({ order: guestOrder(), claimer: { ...claimer, has_account: false }, now })).toBe(false)
    })
  })

  describe("2. which orders: the same email, in the last 30 days", () => {
    it("looks back 30 days of 24 hours", () => {
      expect(GUEST_CLAIM_DAYS).toBe(30)
      expect(guestClaimWindowStart(now).toISOString()).toBe("2026-10-24T10:00:00.000Z")
    })

    it("claims an order placed 30 days ago to the millisecond, and not one a millisecond earlier", () => {
      expect(guestOrderClaimable({ order: guestOrder({ created_at: daysAgo(30) }), claimer, now })).toBe(true)
      expect(guestOrderClaimable({ order: guestOrder({ created_at: daysAgo(30, 1) }), claimer, now })).toBe(false)
      expect(guestOrderClaimable({ order: guestOrder({ created_at: daysAgo(31) }), claimer, now })).toBe(false)
    })

    it("reads the order's date as a string too", () => {
      expect(guestOrderClaimable({ order: guestOrder({ created_at: "2026-11-01T00:00:00Z" }), claimer, now })).toBe(true)
      expect(guestOrderClaimable({ order: guestOrder({ created_at: "2026-10-24T09:59:59Z" }), claimer, now })).toBe(false)
    })

    it("claims only orders with the claimer's email, exactly as written", () => {
      expect(guestOrderClaimable({ order: guestOrder({ email: "grace@example.com" }), claimer, now })).toBe(false)
      expect(guestOrderClaimable({ order: guestOrder({ email: "Ada@example.com" }), claimer, now })).toBe(false)
      expect(guestOrderClaimable({ order: guestOrder({ email: null }), claimer: { ...claimer, email: null }, now })).toBe(false)
    })
  })

  describe("3. only guest orders", () => {
    it("claims orders without a customer, or whose customer has no account", () => {
      expect(guestOrderClaimable({ order: guestOrder(), claimer, now })).toBe(true)
      expect(guestOrderClaimable({ order: guestOrder({ customer: null }), claimer, now })).toBe(true)
    })

    it("skips orders whose customer has an account: they earned when placed", () => {
      expect(guestOrderClaimable({ order: guestOrder({ customer: { has_account: true } }), claimer, now })).toBe(false)
    })
  })
})
