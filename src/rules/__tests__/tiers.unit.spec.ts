import { qualifyingValue, tierFor, tierMultiplier, tierProgress, tierWindowStart } from "../tiers"

const tiers = [
  { id: "gold", name: "Gold", threshold: "1000", multiplier: "1.5" },
  { id: "bronze", name: "Bronze", threshold: "0", multiplier: "1" },
  { id: "silver", name: "Silver", threshold: "300", multiplier: "1.25" },
]

describe("tiers", () => {
  it("puts a member in the highest tier whose threshold they reached", () => {
    expect(tierFor(tiers, 0)?.name).toBe("Bronze")
    expect(tierFor(tiers, "299.99")?.name).toBe("Bronze")
    expect(tierFor(tiers, 300)?.name).toBe("Silver")
    expect(tierFor(tiers, 5000)?.name).toBe("Gold")
  })

  it("tells what is left to the next tier, rounded up to a whole unit", () => {
    expect(tierProgress(tiers, "120.50").next_tier).toEqual({ id: "silver", name: "Silver", remaining: 180 })
    expect(tierProgress(tiers, "299.90").next_tier?.remaining).toBe(1)
    expect(tierProgress(tiers, 1000)).toEqual({ tier: tiers[0], next_tier: null })
  })

  it("counts progress from a held tier when the member keeps one above their metric", () => {
    const progress = tierProgress(tiers, 50, tiers[2])
    expect(progress.tier?.name).toBe("Silver")
    expect(progress.next_tier).toEqual({ id: "gold", name: "Gold", remaining: 950 })
  })

  it("gives members without a tier a multiplier of 1", () => {
    expect(tierMultiplier(null).toNumber()).toBe(1)
    expect(tierMultiplier(tiers[0]).toNumber()).toBe(1.5)
  })

  it("starts the qualifying window 12 months back, on January 1st, or never", () => {
    const now = new Date("2026-11-23T10:00:00Z")
    expect(tierWindowStart("rolling_12_months", now)?.toISOString()).toBe("2025-11-23T10:00:00.000Z")
    expect(tierWindowStart("calendar_year", now)?.toISOString()).toBe("2026-01-01T00:00:00.000Z")
    expect(tierWindowStart("lifetime", now)).toBeNull()
    // a year before a leap day is the last day of February, not 1 March
    expect(tierWindowStart("rolling_12_months", new Date("2028-02-29T12:00:00Z"))?.toISOString()).toBe("2027-02-28T12:00:00.000Z")
  })

  it("qualifies members by the program's metric: money spent, points earned or orders", () => {
    const totals = { spend: "120.50", points: 340, orders: 3 }
    expect(qualifyingValue("spend", totals)).toBe("120.50")
    expect(qualifyingValue("points", totals)).toBe(340)
    expect(qualifyingValue("orders", totals)).toBe(3)
    expect(tierFor(tiers, qualifyingValue("spend", totals))?.name).toBe("Bronze")
    expect(tierFor(tiers, qualifyingValue("points", totals))?.name).toBe("Silver")
  })
})
