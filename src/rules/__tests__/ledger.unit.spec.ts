import { attemptKey, creditDeltas, creditLotRemaining, debitDeltas, keyReuseProblem, shortfall, totalsAfter } from "../ledger"

describe("a credit", () => {
  it("is available at once, or pending until released; it counts in lifetime points either way", () => {
    expect(creditDeltas(10, { pending: false })).toEqual({ available_delta: 10, pending_delta: 0, lifetime_delta: 10, redeemed_delta: 0 })
    expect(creditDeltas(10, { pending: true })).toEqual({ available_delta: 0, pending_delta: 10, lifetime_delta: 10, redeemed_delta: 0 })
  })

  it("pays a debt first: its lot holds only what is left after the debt", () => {
    expect(creditLotRemaining(5, "available", -3)).toBe(2)
    expect(creditLotRemaining(5, "available", -8)).toBe(0)
    expect(creditLotRemaining(5, "available", 4)).toBe(5)
    // pending points wait whole; the debt is paid when they are released
    expect(creditLotRemaining(5, "pending", -3)).toBe(5)
  })
})

describe("a debit", () => {
  it("takes available points; a redemption counts as redeemed, a correction takes lifetime points back", () => {
    expect(debitDeltas(4, { redeemed: true, lifetime: false })).toEqual({ available_delta: -4, pending_delta: 0, lifetime_delta: 0, redeemed_delta: 4 })
    expect(debitDeltas(4, { redeemed: false, lifetime: true })).toEqual({ available_delta: -4, pending_delta: 0, lifetime_delta: -4, redeemed_delta: 0 })
  })

  it("never takes the balance below zero", () => {
    expect(shortfall(10, 10)).toBeNull()
    expect(shortfall(9, 10)).toBe("Not enough points: 9 available, 10 requested")
    expect(shortfall(-3, 1)).toBe("Not enough points: 0 available, 1 requested")
  })
})

describe("the totals after an entry", () => {
  it("move by its deltas and keep what else the account holds", () => {
    const account = { id: "a", points_balance: 5, points_pending: 2, lifetime_points: 20, lifetime_redeemed: 15 }
    expect(totalsAfter(account, debitDeltas(3, { redeemed: true, lifetime: false }))).toEqual({
      id: "a",
      points_balance: 2,
      points_pending: 2,
      lifetime_points: 20,
      lifetime_redeemed: 18,
    })
  })
})

describe("an idempotency key", () => {
  it("answers a replay of the same change, and refuses another amount", () => {
    expect(keyReuseProblem("k", 5, 5)).toBeNull()
    expect(keyReuseProblem("k", 5, undefined)).toBeNull()
    expect(keyReuseProblem("k", 5, 7)).toBe("Idempotency key k was already used for a change of 5 points, not 7")
  })

  it("stores a retry after voided attempts as the next attempt", () => {
    expect(attemptKey("k", 0)).toBe("k")
    expect(attemptKey("k", 1)).toBe("k#2")
    expect(attemptKey("k", 2)).toBe("k#3")
  })
})
