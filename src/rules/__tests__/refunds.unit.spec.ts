import { amountGivenBack, orderReversalTarget, redeemedPointsToReturn, fullyRefunded, refundedItemsValue } from "../refunds"

describe("points an order earned, when it comes back", () => {
  describe("what came back: the larger of money refunded and items returned", () => {
    it("counts the money refunded when nothing was returned", () => {
      const items = [{ amount: "49.90", quantity: 1 }]
      expect(amountGivenBack({ items, base: "49.90", refunded: "16.63" }).toString()).toBe("16.63")
    })

    it("values a returned item at its amount × returned quantity / quantity", () => {
      const items = [
        { amount: 30, quantity: 3, returned_quantity: 2 },
        { amount: 20, quantity: 1, returned_quantity: 0 },
      ]
      expect(amountGivenBack({ items, base: 50, refunded: 0 }).toString()).toBe("20")
    })

    it("counts a return that was also refunded once, not twice", () => {
      const items = [{ amount: 20, quantity: 2, returned_quantity: 1 }]
      expect(amountGivenBack({ items, base: 20, refunded: 10 }).toString()).toBe("10")
      expect(amountGivenBack({ items, base: 20, refunded: 5 }).toString()).toBe("10")
      expect(amountGivenBack({ items, base: 20, refunded: 12 }).toString()).toBe("12")
    })

    it("scales returned items to the earning base, which leaves out the part paid with points", () => {
      // 100 EUR of items, 40 paid with points: the base is 60; returning half the items gives back 30 of it
      const items = [
        { amount: 50, quantity: 1, returned_quantity: 1 },
        { amount: 50, quantity: 1 },
      ]
      expect(amountGivenBack({ items, base: 60, refunded: 0 }).toString()).toBe("30")
    })

    it("counts nothing for items without quantity, or an order without items", () => {
      expect(amountGivenBack({ items: [{ amount: 10, quantity: 0, returned_quantity: 1 }], base: 10, refunded: 0 }).toString()).toBe("0")
      expect(amountGivenBack({ items: [], base: 10, refunded: 0 }).toString()).toBe("0")
      expect(amountGivenBack({ items: [{ amount: 0, quantity: 1, returned_quantity: 1 }], base: 0, refunded: 3 }).toString()).toBe("3")
    })
  })

  describe("how many points stand reversed", () => {
    it("reverses everything an order earned once it is cancelled", () => {
      expect(orderReversalTarget({ cause: "canceled", earned_points: 49 })).toBe(49)
      expect(orderReversalTarget({ cause: "canceled", earned_points: 49, base: "49.90", given_back: 0 })).toBe(49)
    })

    it("reverses the share given back, rounded down so the member keeps the fraction", () => {
      expect(orderReversalTarget({ cause: "refund", earned_points: 49, base: "49.90", given_back: "16.63" })).toBe(16)
      expect(orderReversalTarget({ cause: "return", earned_points: 30, base: 30, given_back: 20 })).toBe(20)
      expect(orderReversalTarget({ cause: "refund", earned_points: 10, base: 30, given_back: "2.99" })).toBe(0)
    })

    it("never reverses more than was earned, however much came back", () => {
      expect(orderReversalTarget({ cause: "refund", earned_points: 49, base: "49.90", given_back: "49.90" })).toBe(49)
      expect(orderReversalTarget({ cause: "refund", earned_points: 49, base: "49.90", given_back: "55.80" })).toBe(49)
    })

    it("reverses nothing when the order earned nothing or nothing came back", () => {
      expect(orderReversalTarget({ cause: "canceled", earned_points: 0 })).toBe(0)
      expect(orderReversalTarget({ cause: "refund", earned_points: 0, base: 10, given_back: 10 })).toBe(0)
      expect(orderReversalTarget({ cause: "return", earned_points: 10, base: 10, given_back: 0 })).toBe(0)
      expect(orderReversalTarget({ cause: "refund", earned_points: 10, base: 0, given_back: 10 })).toBe(0)
    })

    it("feeds on amountGivenBack: two of three items returned reverse two thirds, rounded down", () => {
      const given_back = amountGivenBack({ items: [{ amount: "29.97", quantity: 3, returned_quantity: 2 }], base: "29.97", refunded: 0 })
      expect(orderReversalTarget({ cause: "return", earned_points: 29, base: "29.97", given_back })).toBe(19)
    })
  })
})

describe("points an order was paid with, when it comes back", () => {
  it("returns every point spent once the order is cancelled, whatever the policy", () => {
    expect(redeemedPointsToReturn({ cause: "canceled", spent_points: 1500, policy: "proportional" })).toBe(1500)
    expect(redeemedPointsToReturn({ cause: "canceled", spent_points: 1500, policy: "manual" })).toBe(1500)
  })

  it("takes the spending entry's negative points as the points spent", () => {
    expect(redeemedPointsToReturn({ cause: "canceled", spent_points: -1500, policy: "manual" })).toBe(1500)
    expect(redeemedPointsToReturn({ cause: "refund", spent_points: -1500, policy: "proportional", paid: 30, refunded: 10 })).toBe(500)
  })

  it("returns nothing on its own after a refund under the manual policy: the admin chooses", () => {
    expect(redeemedPointsToReturn({ cause: "refund", spent_points: 1500, policy: "manual", paid: 30, refunded: 30 })).toBeNull()
  })

  it("returns the refunded share of what was paid with money, rounded down", () => {
    expect(redeemedPointsToReturn({ cause: "refund", spent_points: 1500, policy: "proportional", paid: 30, refunded: 10 })).toBe(500)
    expect(redeemedPointsToReturn({ cause: "refund", spent_points: 1000, policy: "proportional", paid: "34.90", refunded: "11.63" })).toBe(333)
  })

  it("never returns more than was spent, and nothing before a refund", () => {
    expect(redeemedPointsToReturn({ cause: "refund", spent_points: 1500, policy: "proportional", paid: 30, refunded: 45 })).toBe(1500)
    expect(redeemedPointsToReturn({ cause: "refund", spent_points: 1500, policy: "proportional", paid: 30, refunded: 0 })).toBe(0)
    expect(redeemedPointsToReturn({ cause: "refund", spent_points: 1500, policy: "proportional", paid: 0, refunded: 0 })).toBe(0)
  })
})

describe("a Shopify refund gives back its refunded items, in the shop's currency", () => {
  // two 50.00 EUR items, prices include 20 % VAT, shipping 10.00: the order earned 100 on an item subtotal of 100.00
  const base = "100.00"
  const reversed = (refunds: Parameters<typeof refundedItemsValue>[0][]) => {
    const given = refunds.reduce((sum, lines) => sum + Number(refundedItemsValue(lines)), 0)
    return orderReversalTarget({ cause: "refund", earned_points: 100, base, given_back: given })
  }

  it("counts one item back as its subtotal after discounts: 50 of 100", () => {
    expect(refundedItemsValue([{ subtotal: "50.00" }])).toBe("50")
    expect(reversed([[{ subtotal: "50.00" }]])).toBe(50)
  })

  it("counts shipping or tax refunded alone as nothing: a refund without item lines gives back 0", () => {
    expect(refundedItemsValue([])).toBe("0")
    expect(reversed([[{ subtotal: "50.00" }], [], []])).toBe(50)
  })

  it("reverses exactly what was earned once every item is back, never more", () => {
    expect(reversed([[{ subtotal: "50.00" }], [{ subtotal: "50.00" }]])).toBe(100)
    expect(reversed([[{ subtotal: "50.00" }, { subtotal: "50.00" }], [{ subtotal: "50.00" }]])).toBe(100)
  })

  it("rounds the running total down: thirds of 100.00 reverse 33, then 66, then 100", () => {
    expect(reversed([[{ subtotal: "33.33" }]])).toBe(33)
    expect(reversed([[{ subtotal: "33.33" }], [{ subtotal: "33.33" }]])).toBe(66)
    expect(reversed([[{ subtotal: "33.33" }], [{ subtotal: "33.33" }], [{ subtotal: "33.34" }]])).toBe(100)
  })

  it("leaves gift cards out: they earned nothing", () => {
    expect(refundedItemsValue([{ subtotal: "25.00", gift_card: true }, { subtotal: "10.00" }])).toBe("10")
  })
})

describe("a fully refunded Shopify order", () => {
  it("is one whose items all came back, shipping aside", () => {
    expect(fullyRefunded({ base: "100.00", given_back: "100" })).toBe(true)
    expect(fullyRefunded({ base: "100.00", given_back: "50" })).toBe(false)
    expect(fullyRefunded({ base: "0", given_back: "0" })).toBe(false)
  })
})
