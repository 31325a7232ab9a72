/**
 * Birthdays. The rule book:
 *
 * 1. A birthday is a calendar date, written YYYY-MM-DD, that is real (no
 *    31 April, no 29 February in a common year) and not in the future. It is
 *    stored as midnight UTC of that date.
 * 2. A member celebrates on the same month and day each year, in UTC.
 *    Members born on 29 February celebrate on 28 February in common years
 *    (and on the 29th in leap years — never twice, never on 1 March).
 * 3. The birthday bonus belongs to the (UTC) year of the day it is
 *    celebrated: at most one per member and year.
 */

export type CalendarDay = {
  /** 1 to 12 */
  month: number
  /** 1 to 31 */
  day: number
}

export const BIRTHDAY_PROBLEM = "birthday must be a past calendar date written YYYY-MM-DD"

/** Whether `year` has a 29 February. */
export function isLeapYear(year: number): boolean {
  return new Date(Date.UTC(year, 1, 29)).getUTCDate() === 29
}

/**
 * The calendar birthdays celebrated on `date` (UTC), rule 2: its own month
 * and day, plus 29 February when `date` is 28 February of a common year.
 *
 * @example
 * birthdayDaysOn(new Date("2027-02-28")) // [{ month: 2, day: 28 }, { month: 2, day: 29 }]
 */
export function birthdayDaysOn(date: Date): CalendarDay[] {
  const month = date.getUTCMonth() + 1
  const day = date.getUTCDate()
  const days = [{ month, day }]
  if (month === 2 && day === 28 && !isLeapYear(date.getUTCFullYear())) {
    days.push({ month: 2, day: 29 })
  }
  return days
}

/**
 * Whether a member born on `birthday` (a Date at midnight UTC, or
 * YYYY-MM-DD) celebrates on `date` (UTC), rule 2.
 *
 * @example
 * isBirthdayOn("2004-02-29", new Date("2027-02-28T06:00:00Z")) // true
 */
export function isBirthdayOn(birthday: Date | string, date: Date): boolean {
  const born = birthday instanceof Date ? birthday : new Date(birthday)
  if (Number.isNaN(born.getTime())) {
    return false
  }
  const month = born.getUTCMonth() + 1
  const day = born.getUTCDate()
  return birthdayDaysOn(date).some((d) => d.month === month && d.day === day)
}

/**
 * Reads a birthday (rule 1): the date at midnight UTC, or the problem to
 * tell the member. A birthday today counts as past.
 *
 * @example
 * parseBirthday("1990-04-31", new Date()) // { problem: BIRTHDAY_PROBLEM }
 */
export function parseBirthday(
  value: unknown,
  now: Date
): { date: Date; problem?: never } | { date?: never; problem: string } {
  const match = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null
  const date = match ? new Date(Date.UTC(+match[1], +match[2] - 1, +match[3])) : null
  // a date that rolls over (31 April -> 1 May) no longer reads as written
  if (!date || date.toISOString().slice(0, 10) !== value || date.getTime() > now.getTime()) {
    return { problem: BIRTHDAY_PROBLEM }
  }
  return { date }
}

/**
 * The year a birthday bonus celebrated on `date` belongs to (rule 3): the
 * UTC year, the part of the bonus's idempotency key that makes it yearly.
 *
 * @example
 * birthdayBonusYear(new Date("2026-12-31T23:30:00Z")) // 2026
 */
export function birthdayBonusYear(date: Date): number {
  return date.getUTCFullYear()
}
