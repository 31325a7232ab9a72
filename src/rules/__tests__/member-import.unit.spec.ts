import { codeFromReferral, mapImportHeader, memberImportKey, normaliseHeader, parseMemberRow } from "../member-import"

describe("importing members", () => {
  it("matches columns by name in any case and spacing, under Kapy's, Smile.io's and LoyaltyLion's names", () => {
    expect(normaliseHeader(" Points Balance ")).toBe("points_balance")
    expect(mapImportHeader(["Email", "First name", "Points balance", "VIP tier", "Referral URL", "Date of birth"])).toEqual({
      columns: ["email", null, "points", "tier", "referral_code", "birthday"],
      problem: null,
    })
    expect(mapImportHeader(["email", "points_approved", "tier", "referral_link", "birthday"]).columns).toEqual([
      "email",
      "points",
      "tier",
      "referral_code",
      "birthday",
    ])
    expect(mapImportHeader(["email", "name"]).problem).toMatch(/^The header must name points/)
  })

  it("reads a row: email, whole points, optional tier, referral code and birthday", () => {
    expect(parseMemberRow({ email: " Aino@Example.FI ", points: "1 250", tier: "Gold", referral_code: "abcd-efgh", birthday: "1990-05-05" })).toEqual({
      ok: true,
      row: { email: "aino@example.fi", points: 1250, tier: "Gold", referral_code: "ABCDEFGH", birthday: "1990-05-05" },
      warnings: [],
    })
    expect(parseMemberRow({ email: "a@b.fi", points: "0" })).toEqual(expect.objectContaining({ ok: true }))
  })

  it("reports a bad row naming the column", () => {
    expect(parseMemberRow({ email: "not-an-email", points: "10" })).toEqual({ ok: false, message: expect.stringMatching(/^email:/) })
    expect(parseMemberRow({ email: "a@b.fi", points: "-5" })).toEqual({ ok: false, message: expect.stringMatching(/^points:/) })
    expect(parseMemberRow({ email: "a@b.fi", points: "2.5" })).toEqual({ ok: false, message: expect.stringMatching(/^points:/) })
    expect(parseMemberRow({ email: "a@b.fi", points: "5", birthday: "5.5.1990" })).toEqual({ ok: false, message: expect.stringMatching(/^birthday:/) })
  })

  it("keeps a referral code only when it fits Kapy's codes, else warns", () => {
    expect(codeFromReferral("https://shop.example/?ref=ABCDEFGH")).toBe("ABCDEFGH")
    expect(codeFromReferral("https://i.refs.cc/ABCDEFGH")).toBe("ABCDEFGH")
    const odd = parseMemberRow({ email: "a@b.fi", points: "5", referral_code: "x1" })
    expect(odd).toEqual({ ok: true, row: expect.objectContaining({ referral_code: null }), warnings: [expect.stringMatching(/^referral_code:/)] })
  })

  it("keys a member's import by source and customer, never by email", () => {
    expect(memberImportKey("smile", "cus_1")).toBe("import:smile:cus_1")
  })
})
