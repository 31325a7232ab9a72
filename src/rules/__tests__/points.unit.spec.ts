import { assertValidPoints, MAX_POINTS_PER_ENTRY, pointsProblem } from "../points"

describe("points amounts", () => {
  it("accepts whole positive amounts up to the per-entry limit", () => {
    expect(pointsProblem(1)).toBeNull()
    expect(pointsProblem(MAX_POINTS_PER_ENTRY)).toBeNull()
  })

  it.each([
    [0, "zero"],
    [-0, "zero"],
    [-1, "negative"],
    [1.5, "not_an_integer"],
    [MAX_POINTS_PER_ENTRY + 1, "too_large"],
    [1e20, "too_large"],
    [Infinity, "not_a_number"],
    [Number.NaN, "not_a_number"],
    ["10", "not_a_number"],
    [null, "not_a_number"],
  ])("names what is wrong with %p: %s", (value, problem) => {
    expect(pointsProblem(value)).toBe(problem)
  })

  it("accepts negative amounts only where signed amounts are allowed, within the same limit", () => {
    expect(pointsProblem(-20, { allowNegative: true })).toBeNull()
    expect(pointsProblem(-MAX_POINTS_PER_ENTRY - 1, { allowNegative: true })).toBe("too_large")
    expect(pointsProblem(-0, { allowNegative: true })).toBe("zero")
  })

  it("throws the problem's message", () => {
    expect(() => assertValidPoints(2.5)).toThrow("points must be a whole number")
  })
})
