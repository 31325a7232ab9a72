import { orderEarnsStamp, stampCardProblem, stampProgress } from "../stamps"

const order = (total: number, items: { product_id?: string; collection_id?: string; category_ids?: string[] }[] = [{}]) => ({
  currency_code: "eur",
  item_total: total,
  items: items.map((i) => ({ product_id: i.product_id ?? "prod_x", collection_id: i.collection_id ?? null, category_ids: i.category_ids ?? [] })),
})

describe("stamp cards", () => {
  it("stamps any order reaching the minimum in its currency", () => {
    const card = { stamps_needed: 10, trigger: { kind: "order" as const }, min_amount: { eur: "10" } }
    expect(orderEarnsStamp(card, order(10))).toBe(true)
    expect(orderEarnsStamp(card, order(9.99))).toBe(false)
    expect(orderEarnsStamp(card, { ...order(50), currency_code: "sek" })).toBe(false)
    expect(orderEarnsStamp({ ...card, min_amount: null }, order(1))).toBe(true)
  })

  it("stamps an order with a product of the card's products, collections or categories", () => {
    const card = { stamps_needed: 10, trigger: { kind: "product" as const, collection_ids: ["pcol_coffee"], category_ids: ["pcat_tea"] }, min_amount: null }
    expect(orderEarnsStamp(card, order(5, [{ collection_id: "pcol_coffee" }]))).toBe(true)
    expect(orderEarnsStamp(card, order(5, [{ category_ids: ["pcat_x", "pcat_tea"] }]))).toBe(true)
    expect(orderEarnsStamp(card, order(5, [{ collection_id: "pcol_shoes" }]))).toBe(false)
    expect(orderEarnsStamp({ ...card, trigger: { kind: "product", product_ids: ["prod_x"] } }, order(5))).toBe(true)
  })

  it("fills the card at stamps_needed, uses them up, and owes a stamp taken back after", () => {
    expect(stampProgress({ stamps: 9, completions: 0, needed: 10 })).toEqual({ stamps: 9, full_now: 0, on_card: 9 })
    expect(stampProgress({ stamps: 10, completions: 0, needed: 10 })).toEqual({ stamps: 10, full_now: 1, on_card: 0 })
    expect(stampProgress({ stamps: 10, completions: 1, needed: 10 })).toEqual({ stamps: 0, full_now: 0, on_card: 0 })
    // a cancelled order after the card was full: one stamp owed
    expect(stampProgress({ stamps: 9, completions: 1, needed: 10 })).toEqual({ stamps: -1, full_now: 0, on_card: -1 })
  })

  it("checks a card's definition, naming the field", () => {
    const ok = { name: "Coffee", stamps_needed: 10, trigger: { kind: "order" as const }, reward: { type: "amount_off" as const, amount: "5", currency_code: "eur" } }
    expect(stampCardProblem(ok)).toBeNull()
    expect(stampCardProblem({ ...ok, stamps_needed: 1 })).toMatch(/^stamps_needed/)
    expect(stampCardProblem({ ...ok, trigger: { kind: "product" } })).toMatch(/^trigger/)
    expect(stampCardProblem({ ...ok, reward: { type: "free_product", product_id: "" } })).toMatch(/^reward.product_id/)
    expect(stampCardProblem({ ...ok, reward: { type: "amount_off", amount: "0", currency_code: "eur" } })).toMatch(/^reward.amount/)
  })
})
