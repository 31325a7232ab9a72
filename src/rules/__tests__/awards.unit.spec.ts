import {
  customClaimRefusal,
  parseAwardRow,
  periodStart,
  plainText,
  reviewAwardKey,
  reviewerDisplayName,
  socialAutoApproves,
} from "../awards"

describe("what shoppers write is stored as plain text", () => {
  it("removes tags, scripts and control characters, and decodes common entities once", () => {
    expect(plainText("<b>Great</b> <script>alert(1)</script>slippers")).toBe("Great slippers")
    expect(plainText("<p>Soft &amp; warm</p><img src=x onerror=alert(1)>\u0007")).toBe("Soft & warm")
    expect(plainText("&amp;lt;b&amp;gt;")).toBe("&lt;b&gt;")
    expect(plainText("1 < 2 and 3 > 2")).toBe("1 < 2 and 3 > 2")
    expect(plainText("line\r\nbreaks\tstay ")).toBe("line\nbreaks\tstay")
  })
})

describe("a review shows its writer by a display name only", () => {
  it("is the first name and the last name's initial", () => {
    expect(reviewerDisplayName("Aino", "Korhonen")).toBe("Aino K.")
    expect(reviewerDisplayName("Aino Maria", null)).toBe("Aino")
    expect(reviewerDisplayName(null, "korhonen")).toBe("K.")
    expect(reviewerDisplayName(null, null)).toBe("A shopper")
  })
})

describe("review cones are once per product per customer", () => {
  it("keys the award on the customer and the product, not the review", () => {
    expect(reviewAwardKey("cus_1", "prod_1")).toBe("review:cus_1:prod_1")
  })
})

describe("custom actions", () => {
  const now = new Date("2026-11-25T12:00:00Z") // a Wednesday
  const action = { active: true, starts_at: null, ends_at: null, frequency: "once" as const, limit_count: null, limit_period: null }

  it("a once action is claimed once; a repeatable one within its limit per period", () => {
    expect(customClaimRefusal(action, 0, now)).toBeNull()
    expect(customClaimRefusal(action, 1, now)).toBe("This action can be claimed once")
    const twiceADay = { ...action, frequency: "repeatable" as const, limit_count: 2, limit_period: "day" as const }
    expect(customClaimRefusal(twiceADay, 1, now)).toBeNull()
    expect(customClaimRefusal(twiceADay, 2, now)).toContain("2 time(s) a day")
    expect(customClaimRefusal({ ...twiceADay, limit_count: null, limit_period: null }, 99, now)).toBeNull()
  })

  it("only while active, started and not ended", () => {
    expect(customClaimRefusal({ ...action, active: false }, 0, now)).toBe("This action is not active")
    expect(customClaimRefusal({ ...action, starts_at: "2026-12-01" }, 0, now)).toBe("This action has not started yet")
    expect(customClaimRefusal({ ...action, ends_at: "2026-11-25T12:00:00Z" }, 0, now)).toBe("This action has ended")
  })

  it("periods start at the UTC day, the Monday of the week, the first of the month", () => {
    expect(periodStart("day", now).toISOString()).toBe("2026-11-25T00:00:00.000Z")
    expect(periodStart("week", now).toISOString()).toBe("2026-11-23T00:00:00.000Z")
    expect(periodStart("month", now).toISOString()).toBe("2026-11-01T00:00:00.000Z")
  })
})

describe("social follows", () => {
  it("are auto-approved for all platforms or per platform", () => {
    expect(socialAutoApproves(true, "x")).toBe(true)
    expect(socialAutoApproves({ tiktok: true }, "tiktok")).toBe(true)
    expect(socialAutoApproves({ tiktok: true }, "instagram")).toBe(false)
  })
})

describe("a row of an awards file", () => {
  it("needs a customer, whole points other than 0 and a reason", () => {
    expect(parseAwardRow({ points: "5", reason: "x" }, 2)).toEqual({ ok: false, message: "email or customer_id is required" })
    expect(parseAwardRow({ email: "a@b.fi", points: "1.5", reason: "x" }, 2)).toEqual({ ok: false, message: expect.stringContaining("whole number") })
    expect(parseAwardRow({ email: "a@b.fi", points: "0", reason: "x" }, 2).ok).toBe(false)
    expect(parseAwardRow({ email: "a@b.fi", points: "5", reason: " <b></b> " }, 2)).toEqual({ ok: false, message: "reason is required" })
    expect(parseAwardRow({ email: "A@B.fi", points: "-5", reason: "Fix" }, 2)).toEqual(
      expect.objectContaining({ ok: true, email: "a@b.fi", points: -5, reason: "Fix" })
    )
  })

  it("is keyed by the file's key, else by a hash of the row and its line", () => {
    const keyed = parseAwardRow({ email: "a@b.fi", points: "5", reason: "x", key: "k1" }, 2)
    expect(keyed.ok && keyed.key).toBe("import:key:k1")
    const a = parseAwardRow({ email: "a@b.fi", points: "5", reason: "x" }, 2)
    const same = parseAwardRow({ email: "a@b.fi", points: "5", reason: "x" }, 2)
    const otherLine = parseAwardRow({ email: "a@b.fi", points: "5", reason: "x" }, 3)
    expect(a.ok && same.ok && a.key === same.key).toBe(true)
    expect(a.ok && otherLine.ok && a.key !== otherLine.key).toBe(true)
  })
})
