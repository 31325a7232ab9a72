import { KapyError, type Program } from "../src/client"
import { strings } from "../../src/admin/lib/strings"
import { Fmt, pickLang, TEXTS } from "../src/i18n"

const program = {
  unit: { en: { one: "cone", other: "cones" }, fi: { one: "käpy", other: "käpyä" } },
} as unknown as Program

describe("the widgets' words in English and Finnish", () => {
  it("names every entry reason once: the admin's name is the shopper's, and Finnish has each", () => {
    expect(strings.reasons).toEqual(TEXTS.en.r)
    expect(Object.keys(TEXTS.fi.r).sort()).toEqual(Object.keys(TEXTS.en.r).sort())
  })

  it("has every text in both languages", () => {
    const keys = (o: object): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === "object" ? keys(v).map((x) => `${k}.${x}`) : [k]))
    expect(keys(TEXTS.fi).sort()).toEqual(keys(TEXTS.en).sort())
  })

  it("reads Finnish from any fi language tag, and English otherwise", () => {
    expect(["fi", "fi-FI", "FI"].map(pickLang)).toEqual(["fi", "fi", "fi"])
    expect(["en", "sv-FI", "", null, undefined].map(pickLang)).toEqual(["en", "en", "en", "en", "en"])
  })

  it("names the unit as the program does, singular for one", () => {
    const fi = new Fmt("fi", program)
    expect([fi.pts(1), fi.pts(15), fi.pts(1500), fi.pts(0)]).toEqual(["1 käpy", "15 käpyä", "1\u00a0500 käpyä", "0 käpyä"])
    const en = new Fmt("en", program)
    expect([en.pts(1), en.pts(15), en.pts(1500)]).toEqual(["1 cone", "15 cones", "1,500 cones"])
  })

  it("takes a shop's own unit names, and falls back to English names for another language", () => {
    const stars = { unit: { en: { one: "star", other: "stars" } } } as unknown as Program
    expect(new Fmt("fi", stars).pts(2)).toBe("2 stars")
    expect(new Fmt("en", stars).pts(1)).toBe("1 star")
  })

  it("writes money with Intl in the language", () => {
    expect(new Fmt("en").money(5, "eur")).toBe("€5.00")
    expect(new Fmt("fi").money(12.45, "eur")).toBe("12,45\u00a0€")
    expect(new Fmt("fi").money(1, "eur", true)).toBe("1\u00a0€")
  })

  it("explains errors in words: the API's message in English, a Finnish sentence of its kind before it in Finnish", () => {
    const conflict = new KapyError("Not enough points: 80 available, 500 requested", 409, "not_allowed")
    expect(new Fmt("en").error(conflict)).toBe("Not enough points: 80 available, 500 requested")
    expect(new Fmt("fi").error(conflict)).toBe("Tätä ei voi tehdä nyt. (Not enough points: 80 available, 500 requested)")
    const offline = new KapyError("Failed to fetch", 0, "network")
    expect(new Fmt("en").error(offline)).toBe("Could not reach the shop. Check your connection and try again.")
    expect(new Fmt("fi").error(offline)).toBe("Kauppaan ei saatu yhteyttä. Tarkista yhteys ja yritä uudelleen.")
  })
})
