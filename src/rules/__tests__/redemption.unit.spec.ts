import {
  fitRedemption,
  maxPointsForCart,
  pointsValue,
  unusedValuePoints,
  quoteRedemption,
  redemptionProblem,
  redemptionProblemMessage,
  RedemptionRules,
} from "../redemption"

const rules: RedemptionRules = { rate: "100", min_points: 100, step_points: 1, max_cart_share_percent: 100 }

describe("paying with points", () => {
  it("values 1 500 points at exactly 15.00 EUR", () => {
    expect(pointsValue(1500, rules).toString()).toBe("15")
    expect(pointsValue(1, rules).toString()).toBe("0.01")
  })

  it("rounds a value off the cent grid down, never paying more than the points are worth", () => {
    expect(pointsValue(100, { rate: "3" }).toString()).toBe("33.33")
    expect(pointsValue(1500, { rate: undefined }).toString()).toBe("0")
  })

  it("accepts at most the allowed share of the cart, rounded down to the step", () => {
    expect(maxPointsForCart("49.90", rules)).toBe(4990)
    expect(maxPointsForCart("49.90", { ...rules, max_cart_share_percent: 50 })).toBe(2495)
    expect(maxPointsForCart("49.90", { ...rules, step_points: 100 })).toBe(4900)
    expect(maxPointsForCart(0, rules)).toBe(0)
  })

  it.each([
    [50, { available: 5000, payable: 49.9 }, "below_minimum", "At least 100 points can be used"],
    [5000, { available: 20000, payable: 49.9 }, "more_than_cart", "This cart accepts at most 4990 points"],
    [1500, { available: 1000, payable: 49.9 }, "more_than_balance", "Not enough points: 1000 available"],
  ])("refuses %p points (%j): %s", (points, context, code, message) => {
    const problem = redemptionProblem(points, { ...context, rules })
    expect(problem?.code).toBe(code)
    expect(redemptionProblemMessage(problem!)).toBe(message)
  })

  it("refuses amounts off the step and currencies without a rate", () => {
    expect(redemptionProblem(150, { available: 500, payable: 50, rules: { ...rules, step_points: 100 } })?.code).toBe("not_a_step")
    expect(redemptionProblem(150, { available: 500, payable: 50, rules: { ...rules, rate: undefined } })?.code).toBe("currency_not_redeemable")
    expect(redemptionProblem(1500, { available: 1500, payable: "49.90", rules })).toBeNull()
  })

  it("shrinks a redemption to what a cheaper cart accepts, and drops it below the minimum", () => {
    expect(fitRedemption(1500, "49.90", rules)).toBe(1500)
    expect(fitRedemption(1500, "12.00", rules)).toBe(1200)
    expect(fitRedemption(1500, "0.50", rules)).toBe(0)
  })

  describe("a quote before applying", () => {
    it("values the points and the new total as the redemption would", () => {
      const quote = quoteRedemption(500, { available: 1500, payable: "49.90", rules })
      expect(quote.problem).toBeNull()
      expect(quote.value.toString()).toBe("5")
      expect(quote.total_before.toString()).toBe("49.9")
      expect(quote.total_after.toString()).toBe("44.9")
      expect(quote.max_points).toBe(1500)
    })

    it("caps the most usable by the cart's share and the balance, on the step", () => {
      expect(quoteRedemption(null, { available: 20000, payable: "49.90", rules }).max_points).toBe(4990)
      expect(quoteRedemption(null, { available: 1234, payable: "49.90", rules: { ...rules, step_points: 100 } }).max_points).toBe(1200)
      // below the minimum nothing can be used at all
      expect(quoteRedemption(null, { available: 99, payable: "49.90", rules }).max_points).toBe(0)
      expect(quoteRedemption(null, { available: -40, payable: "49.90", rules }).available).toBe(0)
    })

    it("names the problem and leaves the total as it is when the points cannot be used", () => {
      const quote = quoteRedemption(1500, { available: 1000, payable: "49.90", rules })
      expect(quote.problem).toEqual({ code: "more_than_balance", available: 1000 })
      expect(quote.value.toString()).toBe("0")
      expect(quote.total_after.toString()).toBe("49.9")
    })

    it("gives only the limits when no points are asked about", () => {
      const quote = quoteRedemption(null, { available: 1500, payable: "10", rules })
      expect(quote).toMatchObject({ points: null, problem: null, max_points: 1000, min_points: 100, step_points: 1 })
      expect(quote.total_after.toString()).toBe("10")
    })
  })

  describe("rule 4: value that lapsed unused gives back its share of the points", () => {
    it("gives back every point when none of the value was used", () => {
      expect(unusedValuePoints({ points: 500, value: "5", unused: "5" })).toBe(500)
      // a value rounded down to the cent (rule 1) still gives all its points back
      expect(unusedValuePoints({ points: 100, value: "33.33", unused: "33.33" })).toBe(100)
    })

    it("gives back the unused share, rounded down, and nothing when all was used", () => {
      expect(unusedValuePoints({ points: 500, value: "5", unused: "1.99" })).toBe(199)
      expect(unusedValuePoints({ points: 100, value: "33.33", unused: "10" })).toBe(30)
      expect(unusedValuePoints({ points: 500, value: "5", unused: "0" })).toBe(0)
    })

    it("never gives back more than was spent", () => {
      expect(unusedValuePoints({ points: 500, value: "5", unused: "7" })).toBe(500)
    })
  })
})
