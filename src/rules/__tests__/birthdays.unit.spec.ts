import {
  BIRTHDAY_PROBLEM,
  birthdayBonusYear,
  birthdayDaysOn,
  isBirthdayOn,
  isLeapYear,
  parseBirthday,
} from "../birthdays"

describe("birthdays", () => {
  describe("1. what a birthday is", () => {
    const now = new Date("2026-11-23T10:00:00Z")

    it("reads a past YYYY-MM-DD date as midnight UTC", () => {
      expect(parseBirthday("1990-04-30", now).date?.toISOString()).toBe("1990-04-30T00:00:00.000Z")
      expect(parseBirthday("2004-02-29", now).date?.toISOString()).toBe("2004-02-29T00:00:00.000Z")
    })

    it("accepts today, and refuses tomorrow", () => {
      expect(parseBirthday("2026-11-23", now).date?.toISOString()).toBe("2026-11-23T00:00:00.000Z")
      expect(parseBirthday("2026-11-24", now)).toEqual({ problem: BIRTHDAY_PROBLEM })
    })

    it.each([
      ["1990-04-31", "a day that does not exist"],
      ["2005-02-29", "29 February in a common year"],
      ["1900-02-29", "29 February in a century that is not a leap year"],
      ["1990-13-01", "a 13th month"],
      ["1990-00-10", "month 0"],
      ["1990-4-3", "digits missing"],
      ["03/04/1990", "another notation"],
      ["1990-04-03T00:00:00Z", "a time"],
      ["", "nothing"],
    ])("refuses %p (%s)", (value) => {
      expect(parseBirthday(value, now)).toEqual({ problem: "birthday must be a past calendar date written YYYY-MM-DD" })
    })

    it("refuses what is not a string", () => {
      expect(parseBirthday(undefined, now)).toEqual({ problem: BIRTHDAY_PROBLEM })
      expect(parseBirthday(new Date("1990-04-03"), now)).toEqual({ problem: BIRTHDAY_PROBLEM })
    })
  })

  describe("2. when a member celebrates", () => {
    it("celebrates on the same month and day, in UTC", () => {
      expect(birthdayDaysOn(new Date("2026-11-23T06:00:00Z"))).toEqual([{ month: 11, day: 23 }])
      expect(birthdayDaysOn(new Date("2026-11-23T23:59:59Z"))).toEqual([{ month: 11, day: 23 }])
      expect(birthdayDaysOn(new Date("2026-11-24T00:00:00Z"))).toEqual([{ month: 11, day: 24 }])
      expect(isBirthdayOn("1990-11-23", new Date("2026-11-23T06:00:00Z"))).toBe(true)
      expect(isBirthdayOn(new Date("1990-11-23T00:00:00Z"), new Date("2026-11-23T23:59:59Z"))).toBe(true)
      expect(isBirthdayOn("1990-11-23", new Date("2026-11-24T00:00:00Z"))).toBe(false)
      expect(isBirthdayOn("1990-11-24", new Date("2026-11-23T06:00:00Z"))).toBe(false)
    })

    it("celebrates 29 February on 28 February in a common year", () => {
      expect(birthdayDaysOn(new Date("2027-02-28T06:00:00Z"))).toEqual([
        { month: 2, day: 28 },
        { month: 2, day: 29 },
      ])
      expect(isBirthdayOn("2004-02-29", new Date("2027-02-28T06:00:00Z"))).toBe(true)
      expect(isBirthdayOn("2004-02-28", new Date("2027-02-28T06:00:00Z"))).toBe(true)
      expect(isBirthdayOn("2004-02-29", new Date("2027-03-01T06:00:00Z"))).toBe(false)
      expect(isBirthdayOn("2004-02-29", new Date("2100-02-28T06:00:00Z"))).toBe(true)
    })

    it("celebrates 29 February on the 29th in a leap year, and not on the 28th", () => {
      expect(birthdayDaysOn(new Date("2028-02-28T06:00:00Z"))).toEqual([{ month: 2, day: 28 }])
      expect(birthdayDaysOn(new Date("2028-02-29T06:00:00Z"))).toEqual([{ month: 2, day: 29 }])
      expect(isBirthdayOn("2004-02-29", new Date("2028-02-28T06:00:00Z"))).toBe(false)
      expect(isBirthdayOn("2004-02-29", new Date("2028-02-29T06:00:00Z"))).toBe(true)
      expect(isBirthdayOn("2004-02-29", new Date("2000-02-28T06:00:00Z"))).toBe(false)
    })

    it("knows the leap years, centuries included", () => {
      expect([2024, 2026, 2028, 1900, 2000, 2100].map(isLeapYear)).toEqual([true, false, true, false, true, false])
    })

    it("has no birthday for an unreadable date", () => {
      expect(isBirthdayOn("not a date", new Date("2026-11-23T06:00:00Z"))).toBe(false)
    })
  })

  describe("3. one bonus a year", () => {
    it("gives the bonus the UTC year of the day it is celebrated", () => {
      expect(birthdayBonusYear(new Date("2026-11-23T06:00:00Z"))).toBe(2026)
      expect(birthdayBonusYear(new Date("2026-12-31T23:59:59Z"))).toBe(2026)
      expect(birthdayBonusYear(new Date("2027-01-01T00:00:00Z"))).toBe(2027)
      expect(birthdayBonusYear(new Date("2027-02-28T06:00:00Z"))).toBe(2027)
    })
  })
})
