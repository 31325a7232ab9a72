import {
  addMonthsUTC,
  expiryClockStart,
  expirySettingsProblem,
  expiryTakes,
  inactivityExpiresAt,
  lotExpiresAt,
  warningDue,
} from "../expiry"

const perLot = { mode: "per_lot" as const, months: 12, warning_days: 30, since: "2026-01-01T00:00:00.000Z" }
const inactivity = { mode: "inactivity" as const, months: 6, warning_days: 30, since: "2026-01-01T00:00:00.000Z" }

describe("expiry", () => {
  it("counts calendar months in UTC, ending on the month's last day when it is shorter", () => {
    expect(addMonthsUTC(new Date("2026-01-15T10:00:00Z"), 12).toISOString()).toBe("2027-01-15T10:00:00.000Z")
    expect(addMonthsUTC(new Date("2026-01-31T10:00:00Z"), 1).toISOString()).toBe("2026-02-28T10:00:00.000Z")
    expect(addMonthsUTC(new Date("2028-01-31T00:00:00Z"), 1).toISOString()).toBe("2028-02-29T00:00:00.000Z")
    expect(addMonthsUTC(new Date("2026-11-30T23:59:00Z"), 3).toISOString()).toBe("2027-02-28T23:59:00.000Z")
  })

  it("is off by default and needs months when switched on", () => {
    expect(lotExpiresAt({ earned_at: new Date() }, { mode: "off", months: 12, warning_days: 30, since: null })).toBeNull()
    expect(expirySettingsProblem({ mode: "per_lot", months: null })).toMatch(/^expiry\.months/)
    expect(expirySettingsProblem({ mode: "off", months: null })).toBeNull()
  })

  it("expires a lot months after it was earned, or after the clock started when earned before", () => {
    expect(lotExpiresAt({ earned_at: new Date("2026-01-15T09:00:00Z") }, perLot)!.toISOString()).toBe("2027-01-15T09:00:00.000Z")
    // earned before expiry was switched on: counts from the switch, never retroactively
    expect(lotExpiresAt({ earned_at: new Date("2025-03-01T00:00:00Z") }, perLot)!.toISOString()).toBe("2027-01-01T00:00:00.000Z")
    // a lot credited with its own expiry keeps it
    expect(lotExpiresAt({ earned_at: new Date("2026-02-01Z"), expires_at: new Date("2026-06-01Z") }, perLot)!.toISOString()).toBe("2026-06-01T00:00:00.000Z")
    expect(lotExpiresAt({ earned_at: new Date("2026-02-01Z") }, inactivity)).toBeNull()
  })

  it("expires the whole balance months after the last purchase; a purchase resets the clock", () => {
    const joined = new Date("2025-06-01Z")
    expect(inactivityExpiresAt({ joined_at: joined }, inactivity)!.toISOString()).toBe("2026-07-01T00:00:00.000Z")
    expect(inactivityExpiresAt({ joined_at: joined, last_purchase_at: new Date("2026-05-10Z") }, inactivity)!.toISOString()).toBe("2026-11-10T00:00:00.000Z")
    expect(inactivityExpiresAt({ joined_at: new Date("2026-03-01Z") }, inactivity)!.toISOString()).toBe("2026-09-01T00:00:00.000Z")
    expect(inactivityExpiresAt({ joined_at: joined }, perLot)).toBeNull()
  })

  it("starts the clock when switched on or to the other mode, keeps it otherwise, and stops it when off", () => {
    const now = new Date("2026-05-05T05:05:05Z")
    expect(expiryClockStart({ mode: "off", since: null }, { mode: "per_lot" }, now)).toBe(now.toISOString())
    expect(expiryClockStart({ mode: "per_lot", since: perLot.since }, { mode: "per_lot" }, now)).toBe(perLot.since)
    expect(expiryClockStart({ mode: "per_lot", since: perLot.since }, { mode: "inactivity" }, now)).toBe(now.toISOString())
    expect(expiryClockStart({ mode: "per_lot", since: perLot.since }, { mode: "off" }, now)).toBeNull()
    expect(expiryClockStart(null, { mode: "inactivity" }, now)).toBe(now.toISOString())
  })

  it("never expires below zero: a debt has nothing to expire", () => {
    expect(expiryTakes([70, 50], 200)).toEqual([70, 50])
    expect(expiryTakes([70, 50], 100)).toEqual([70, 30])
    expect(expiryTakes([70], 0)).toEqual([0])
    expect(expiryTakes([70], -20)).toEqual([0])
  })

  it("warns from warning_days before the expiry until it", () => {
    const at = new Date("2027-01-15T09:00:00Z")
    expect(warningDue(at, 30, new Date("2026-12-16T08:59:59Z"))).toBe(false)
    expect(warningDue(at, 30, new Date("2026-12-16T09:00:00Z"))).toBe(true)
    expect(warningDue(at, 30, new Date("2027-01-15T08:59:59Z"))).toBe(true)
    expect(warningDue(at, 30, at)).toBe(false)
  })
})
