import { activeCampaigns, EarningCampaign, EarningItem, pointsForPurchase, reversalTarget } from "../earning"

const at = new Date("2026-11-23T12:00:00Z")
const oatDrink: EarningItem = {
  total: "49.90",
  tax_total: "10.139043824701195",
  is_tax_inclusive: true,
  product_id: "prod_oat",
  collection_id: "pcol_drinks",
  category_ids: ["pcat_vegan"],
}
const campaign = (over: Partial<EarningCampaign>): EarningCampaign => ({
  id: "camp_1",
  multiplier: 2,
  scope: "catalog",
  target_ids: [],
  starts_at: "2026-11-01T00:00:00Z",
  ends_at: "2026-12-01T00:00:00Z",
  ...over,
})

describe("points for a purchase", () => {
  it("earns 1 point per euro of the item total, rounded down", () => {
    expect(pointsForPurchase({ items: [oatDrink], rate: "1" }, at)).toEqual({
      points: 49,
      base_amount: "49.9",
      campaign_ids: [],
    })
  })

  it("does not count the part paid with points", () => {
    expect(pointsForPurchase({ items: [oatDrink], rate: 1, paid_with_points: 15 }, at).points).toBe(34)
    expect(pointsForPurchase({ items: [oatDrink], rate: 1, paid_with_points: 80 }, at).points).toBe(0)
  })

  it("counts net of tax when the program says so, or when prices exclude tax", () => {
    expect(pointsForPurchase({ items: [oatDrink], rate: 1, net_of_tax: true }, at).points).toBe(39)
    const exclusive = { ...oatDrink, total: "62.62", tax_total: "12.72", is_tax_inclusive: false }
    expect(pointsForPurchase({ items: [exclusive], rate: 1 }, at).points).toBe(49)
  })

  it("applies multipliers to the exact amount and rounds once", () => {
    expect(pointsForPurchase({ items: [oatDrink], rate: 1, tier_multiplier: "1.5" }, at).points).toBe(74)
    expect(pointsForPurchase({ items: [oatDrink], rate: 1, campaigns: [campaign({})] }, at)).toEqual({
      points: 99,
      base_amount: "49.9",
      campaign_ids: ["camp_1"],
    })
  })

  it("uses the currency's rate and earns nothing in a currency without one", () => {
    expect(pointsForPurchase({ items: [{ ...oatDrink, total: 499 }], rate: "0.1" }, at).points).toBe(49)
    expect(pointsForPurchase({ items: [oatDrink], rate: undefined }, at).points).toBe(0)
  })

  it("applies a campaign only to the items, and the dates, it covers — the highest one, not stacked", () => {
    const coffee: EarningItem = { total: 12, tax_total: 0, is_tax_inclusive: true, product_id: "prod_coffee", collection_id: "pcol_hot" }
    const drinks = campaign({ id: "drinks", scope: "collection", target_ids: ["pcol_drinks"] })
    const vegan = campaign({ id: "vegan", scope: "category", target_ids: ["pcat_vegan"], multiplier: 3 })
    expect(pointsForPurchase({ items: [oatDrink, coffee], rate: 1, campaigns: [drinks] }, at).points).toBe(111)
    expect(pointsForPurchase({ items: [oatDrink, coffee], rate: 1, campaigns: [drinks, vegan] }, at)).toEqual(
      expect.objectContaining({ points: 161, campaign_ids: ["vegan"] })
    )
    const ended = campaign({ ends_at: "2026-11-23T12:00:00Z" })
    expect(pointsForPurchase({ items: [oatDrink], rate: 1, campaigns: [ended] }, at).points).toBe(49)
    expect(activeCampaigns([ended, drinks], at).map((c) => c.id)).toEqual(["drinks"])
  })

  it("spreads the points-paid share over the items in proportion", () => {
    const coffee: EarningItem = { total: 50, tax_total: 0, is_tax_inclusive: true, collection_id: "pcol_hot" }
    const item = { ...oatDrink, total: 50 }
    const drinks = campaign({ scope: "collection", target_ids: ["pcol_drinks"] })
    // 100 EUR of items, 50 paid with points: each item keeps 25; only the drink doubles
    expect(pointsForPurchase({ items: [item, coffee], rate: 1, paid_with_points: 50, campaigns: [drinks] }, at).points).toBe(75)
  })
})

describe("reversal on refunds", () => {
  it("reverses in proportion to the refunded amount, rounded down", () => {
    expect(reversalTarget(30, 30, 20)).toBe(20)
    expect(reversalTarget(49, "49.90", "16.63")).toBe(16)
  })

  it("never reverses more than was earned, however the refunds are split", () => {
    let reversed = 0
    for (const refundedSoFar of ["16.63", "33.26", "49.90", "55.80"]) {
      const target = reversalTarget(49, "49.90", refundedSoFar)
      expect(target).toBeGreaterThanOrEqual(reversed)
      reversed = target
    }
    expect(reversed).toBe(49)
  })

  it("reverses nothing when nothing was earned or refunded", () => {
    expect(reversalTarget(0, 10, 10)).toBe(0)
    expect(reversalTarget(10, 10, 0)).toBe(0)
  })
})

describe("money precision", () => {
  it("takes amounts to cents as they are charged before counting points", () => {
    // Medusa's tax-inclusive line totals can carry a residue far below a cent
    const item: EarningItem = { total: "35.9999999999999999999991", tax_total: "7.33", is_tax_inclusive: true }
    expect(pointsForPurchase({ items: [item], rate: 1 }, at)).toEqual(
      expect.objectContaining({ points: 36, base_amount: "36" })
    )
  })
})
