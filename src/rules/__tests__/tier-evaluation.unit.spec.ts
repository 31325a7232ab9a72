import { evaluateTier, EarnedTierState, qualifyingSpend, tierSetProblems } from "../tiers"

const tiers = [
  { id: "bronze", name: "Bronze", threshold: "0", multiplier: "1" },
  { id: "silver", name: "Silver", threshold: "300", multiplier: "1.25" },
  { id: "gold", name: "Gold", threshold: "1000", multiplier: "1.5" },
]
const DAY = 86_400_000
const now = new Date("2026-11-23T10:00:00Z")
const later = (days: number) => new Date(now.getTime() + days * DAY)
const held = (tier_id: string | null, tier_expires_at: Date | null = null): EarnedTierState => ({
  tier_id,
  tier_since: new Date("2026-01-01T00:00:00Z"),
  tier_expires_at,
})
const evaluate = (
  qualifying: number,
  earned: EarnedTierState,
  at = now,
  override: { tier_id: string; until: Date | null } | null = null,
  held_tier_id: string | null = earned.tier_id
) => evaluateTier(tiers, { qualifying, earned, held_tier_id, override, now: at, grace_days: 30 })

describe("tier evaluation", () => {
  it("gives a new member the tier their metric reaches at once", () => {
    const result = evaluate(0, held(null))
    expect(result.tier_id).toBe("bronze")
    expect(result.change).toEqual({ from: null, to: "bronze", reason: "upgrade" })
  })

  it("upgrades at once, past several tiers if the metric says so, and clears a pending downgrade", () => {
    const result = evaluate(1200, held("bronze"))
    expect(result).toMatchObject({ tier_id: "gold", tier_expires_at: null, change: { from: "bronze", to: "gold", reason: "upgrade" } })
    expect(result.earned.tier_since).toEqual(now)
    expect(evaluate(400, held("silver", later(5))).earned.tier_expires_at).toBeNull()
  })

  it("keeps a member below their tier in it for the grace period, then moves them down to what they qualify for", () => {
    const first = evaluate(100, held("gold"))
    expect(first).toMatchObject({ tier_id: "gold", tier_expires_at: later(30), change: null })
    // evaluating again during the grace period changes nothing, and does not restart it
    const again = evaluate(100, first.earned, later(10))
    expect(again).toMatchObject({ tier_id: "gold", tier_expires_at: later(30), change: null })
    const after = evaluate(100, again.earned, later(30))
    expect(after).toMatchObject({ tier_id: "bronze", tier_expires_at: null, change: { from: "gold", to: "bronze", reason: "downgrade" } })
    // and once down, evaluating again is a no-op
    expect(evaluate(100, after.earned, later(30)).change).toBeNull()
  })

  it("cancels the grace period when the member qualifies again", () => {
    const pending = evaluate(100, held("silver")).earned
    expect(evaluate(300, pending, later(40))).toMatchObject({ tier_id: "silver", tier_expires_at: null, change: null })
  })

  it("holds an override as a floor until it ends, then the earned tier", () => {
    const override = { tier_id: "gold", until: later(60) }
    const set = evaluate(400, held("silver"), now, override)
    expect(set).toMatchObject({ tier_id: "gold", tier_expires_at: later(60), change: { from: "silver", to: "gold", reason: "override" } })
    // a refund during the override: the earned tier starts its grace period, the member stays Gold
    const refunded = evaluate(50, set.earned, later(1), override, "gold")
    expect(refunded).toMatchObject({ tier_id: "gold", change: null })
    expect(refunded.earned).toMatchObject({ tier_id: "silver", tier_expires_at: later(31) })
    // after the date: down to the earned tier at once (its grace long over: bronze)
    const ended = evaluate(50, refunded.earned, later(61), override, "gold")
    expect(ended).toMatchObject({ tier_id: "bronze", change: { from: "gold", to: "bronze", reason: "override_ended" } })
  })

  it("ignores an override below the earned tier", () => {
    expect(evaluate(1500, held("gold"), now, { tier_id: "silver", until: null })).toMatchObject({ tier_id: "gold", change: null })
  })
})

describe("qualifying spend", () => {
  const program = { currency_code: "eur", rates: { sek: "0.087", usd: "0.9" } }
  it("converts an order's spend to the tier currency at the program's rate", () => {
    expect(qualifyingSpend("120.5", "eur", program)).toBe("120.5")
    expect(qualifyingSpend("1000", "SEK", program)).toBe("87")
  })
  it("does not count spend in a currency the program sets no rate for", () => {
    expect(qualifyingSpend("100", "nok", program)).toBeNull()
  })
})

describe("the tier set", () => {
  const valid = [
    { name: "Bronze", threshold: 0, multiplier: 1 },
    { name: "Silver", threshold: 300, multiplier: 1.25, discount_percent: null },
    { name: "Gold", threshold: 1000, multiplier: 1.5, discount_percent: 10 },
  ]
  it("accepts one entry tier at 0, increasing thresholds and multipliers of at least 1", () => {
    expect(tierSetProblems(valid)).toEqual([])
  })
  it("names the field of each problem", () => {
    const fields = (set: any[]) => tierSetProblems(set).map((p) => p.field)
    expect(fields([valid[0], { ...valid[1], threshold: 1000 }, valid[2]])).toEqual(["tiers[2].threshold"])
    expect(fields([valid[0], { ...valid[1], threshold: 0 }, valid[2]])).toEqual(["tiers[1].threshold"])
    expect(tierSetProblems([valid[0], { ...valid[1], threshold: 0 }])[0].message).toMatch(/entry tier/)
    expect(fields([{ ...valid[0], threshold: 10 }])).toEqual(["tiers[0].threshold"])
    expect(fields([valid[0], { ...valid[1], multiplier: -1 }, valid[2]])).toEqual(["tiers[1].multiplier"])
    expect(fields([valid[0], valid[1], { ...valid[2], discount_percent: 120 }])).toEqual(["tiers[2].discount_percent"])
    expect(fields([valid[0], { ...valid[1], name: "bronze" }])).toEqual(["tiers[1].name"])
    expect(fields([])).toEqual(["tiers"])
  })
})
