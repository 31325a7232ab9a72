import { availableAt, isPending } from "../pending"

describe("the pending window", () => {
  const placed = new Date("2026-11-23T10:15:00Z")

  it("makes points available pending_days days of 24 hours after the order was placed", () => {
    expect(availableAt(placed, 14).toISOString()).toBe("2026-12-07T10:15:00.000Z")
    expect(availableAt(new Date("2026-03-20T12:00:00Z"), 14).toISOString()).toBe("2026-04-03T12:00:00.000Z")
    expect(availableAt(new Date("2028-02-28T23:00:00Z"), 1).toISOString()).toBe("2028-02-29T23:00:00.000Z")
  })

  it("makes them available at once with 0 days", () => {
    const at = availableAt(placed, 0)
    expect(at.getTime()).toBe(placed.getTime())
    expect(isPending(at, placed)).toBe(false)
  })

  it("keeps points pending until the moment they become available, and not at it", () => {
    const at = availableAt(placed, 14)
    expect(isPending(at, placed)).toBe(true)
    expect(isPending(at, new Date(at.getTime() - 1))).toBe(true)
    expect(isPending(at, at)).toBe(false)
    expect(isPending(at, new Date(at.getTime() + 1))).toBe(false)
  })

  it("never keeps points without an available time pending", () => {
    expect(isPending(null, placed)).toBe(false)
    expect(isPending(undefined, placed)).toBe(false)
  })
})
