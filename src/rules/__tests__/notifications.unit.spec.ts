import {
  marketingPurpose,
  NOTIFICATION_KINDS,
  notificationKey,
  notificationLanguage,
  notificationRefusal,
  pointsText,
  renderNotification,
  tierNameIn,
} from "../notifications"

const units = { en: { one: "cone", other: "cones" }, fi: { one: "käpy", other: "käpyä" } }
const settings = { enabled: true, kinds: {}, channel: "email", default_language: "en" as const }
const member = { has_address: true, marketing_consent: false }

describe("notifications", () => {
  it("sends every kind while on, none when notifications or the kind are off, none without an address", () => {
    for (const kind of NOTIFICATION_KINDS.filter((k) => k !== "points_expiring")) {
      expect(notificationRefusal(kind, settings, member)).toBeNull()
    }
    expect(notificationRefusal("points_earned", { ...settings, enabled: false }, member)).toBe("disabled")
    expect(notificationRefusal("points_earned", { ...settings, kinds: { points_earned: false } }, member)).toBe("kind_disabled")
    expect(notificationRefusal("points_earned", settings, { ...member, has_address: false })).toBe("no_address")
  })

  it("sends a marketing kind only with marketing consent on the channel", () => {
    expect(notificationRefusal("points_expiring", settings, member)).toBe("no_consent")
    expect(notificationRefusal("points_expiring", settings, { ...member, marketing_consent: true })).toBeNull()
    expect(marketingPurpose("email")).toBe("marketing_email")
    expect(marketingPurpose("sms")).toBe("marketing_sms")
    expect(marketingPurpose("feed")).toBe("marketing_email")
  })

  it("keys a message by what its event is about, so a replay finds it", () => {
    expect(notificationKey("points_earned", { entry_id: "kent_1" })).toBe("kapy:points_earned:kent_1")
    expect(notificationKey("claim_approved", { claim_id: "kclm_1" })).toBe("kapy:claim_approved:kclm_1")
    expect(notificationKey("points_expiring", { notice_id: "kexn_1" })).toBe("kapy:points_expiring:kexn_1")
    expect(notificationKey("referral_completed", { referral_id: "kref_1" })).toBe("kapy:referral_completed:kref_1")
    const day = new Date("2026-11-24T10:00:00Z")
    expect(notificationKey("tier_changed", { account_id: "kacc_1", from: "t1", to: "t2" }, day)).toBe("kapy:tier_changed:kacc_1:t1:t2:2026-11-24")
    // the same change twice in one day (up, down, up again) is two messages: the moment tells them apart
    const up = { account_id: "kacc_1", from: "t1", to: "t2" }
    expect(notificationKey("tier_changed", { ...up, changed_at: "2026-11-24T10:00:00.000Z" }, day)).not.toBe(
      notificationKey("tier_changed", { ...up, changed_at: "2026-11-24T15:30:00.000Z" }, day)
    )
    expect(notificationKey("points_earned", {})).toBeNull()
  })

  it("writes in the customer's language when Kapy has it, else the program's default", () => {
    expect(notificationLanguage({ language: "fi" }, "en")).toBe("fi")
    expect(notificationLanguage({ locale: "fi-FI" }, "en")).toBe("fi")
    expect(notificationLanguage({ language: "sv" }, "fi")).toBe("fi")
    expect(notificationLanguage(null, "en")).toBe("en")
  })

  it("names the unit in the language, one or many", () => {
    expect(pointsText(1, units, "en")).toBe("1 cone")
    expect(pointsText(5, units, "fi")).toBe("5 käpyä")
    expect(renderNotification("points_earned", "fi", { points: 120, balance: 170, pending: false }, units)).toEqual({
      subject: "Sait 120 käpyä",
      text: "Sait 120 käpyä. Saldosi on nyt 170 käpyä.",
    })
    expect(renderNotification("points_expiring", "en", { points: 70, expires_at: "2027-01-10T12:00:00Z" }, units).subject).toBe(
      "70 cones expire on 2027-01-10"
    )
    expect(renderNotification("points_expiring", "fi", { points: 1, expires_at: "2027-01-10T12:00:00Z" }, units).subject).toBe(
      "1 käpy vanhenee 10.1.2027"
    )
    for (const kind of NOTIFICATION_KINDS) {
      for (const lang of ["en", "fi"] as const) {
        const { subject, text } = renderNotification(kind, lang, { points: 10, balance: 10 }, units)
        expect(subject.length).toBeGreaterThan(5)
        expect(text.length).toBeGreaterThan(5)
      }
    }
  })

  it("names the tier in the member's language: its translation where the program has one, its base name otherwise", () => {
    const silver = { name: "Silver", translations: { fi: { name: "Hopea" } } }
    expect(tierNameIn(silver, "fi")).toBe("Hopea")
    expect(tierNameIn(silver, "en")).toBe("Silver")
    expect(tierNameIn({ name: "Gold", translations: { fi: { name: " " } } }, "fi")).toBe("Gold")
    expect(tierNameIn({ name: "Gold", translations: null }, "fi")).toBe("Gold")
    expect(renderNotification("tier_changed", "fi", { tier_name: tierNameIn(silver, "fi") }, units).subject).toBe("Tasosi on nyt Hopea")
  })
})
