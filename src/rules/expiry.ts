/**
 * Expiry of points. The rule book:
 *
 * 1. Expiry is off unless the shop switches it on, in one of two modes:
 *    - `per_lot`: the points each entry credited expire `months` calendar
 *      months after they were earned (what is left of them: spending takes
 *      the soonest-expiring points first);
 *    - `inactivity`: the whole available balance expires `months` months
 *      after the member's last purchase, as Smile.io and LoyaltyLion do.
 * 2. Switching expiry on (or to the other mode) starts the clock at that
 *    moment (`since`): points earned before it, and members inactive before
 *    it, count from `since`, never retroactively. Changing only `months`
 *    keeps the clock; switching off stops it.
 * 3. Months are calendar months in UTC; a day that the target month lacks
 *    becomes its last day (31 January + 1 month = 28 or 29 February), as
 *    PostgreSQL's interval arithmetic does.
 * 4. Expiry never takes more than the available balance: a member in debt
 *    (after a reversal) has nothing that can expire, and a debt never
 *    "expires" into credit.
 * 5. The warning is due `warning_days` days (of 24 hours) before the expiry
 *    moment, until that moment; once per lot (or per account and clock).
 */

export const EXPIRY_MODES = ["off", "per_lot", "inactivity"] as const
export type ExpiryMode = (typeof EXPIRY_MODES)[number]

export type ExpirySettings = {
  mode: ExpiryMode
  months: number | null
  warning_days: number
  /** When the current mode was switched on (ISO string); null while off. */
  since: string | null
}

const DAY_MS = 86_400_000

/**
 * `date` plus `months` calendar months in UTC (rule 3).
 *
 * @example
 * addMonthsUTC(new Date("2026-01-31T10:00:00Z"), 1) // 2026-02-28T10:00:00Z
 */
export function addMonthsUTC(date: Date, months: number): Date {
  const y = date.getUTCFullYear()
  const m = date.getUTCMonth() + months
  const target = new Date(Date.UTC(y, m, 1))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  return new Date(
    Date.UTC(
      target.getUTCFullYear(),
      target.getUTCMonth(),
      Math.min(date.getUTCDate(), lastDay),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds()
    )
  )
}

/** Whether expiry runs (rule 1): a mode other than off, with months and a clock. */
export function expiryActive(settings: ExpirySettings): settings is ExpirySettings & { months: number; since: string } {
  return settings.mode !== "off" && !!settings.months && !!settings.since
}

/**
 * The clock's start after a settings change (rule 2): `now` when expiry is
 * switched on or its mode changes, the stored start when only other fields
 * change, null when switched off. What the caller sent as `since` is
 * ignored: the clock cannot be set into the past.
 */
export function expiryClockStart(
  before: Pick<ExpirySettings, "mode" | "since"> | null | undefined,
  after: Pick<ExpirySettings, "mode">,
  now: Date
): string | null {
  if (after.mode === "off") {
    return null
  }
  if (before && before.mode === after.mode && before.since) {
    return before.since
  }
  return now.toISOString()
}

/** What is wrong with expiry settings, naming the field; null when fine. */
export function expirySettingsProblem(settings: Pick<ExpirySettings, "mode" | "months">): string | null {
  if (settings.mode !== "off" && !settings.months) {
    return `expiry.months: a number of months is needed when expiry.mode is ${settings.mode}`
  }
  return null
}

/**
 * When a lot's points expire in `per_lot` mode (rules 1-3): its own
 * `expires_at` when it was credited with one, else `months` after it was
 * earned or after the clock started, whichever is later. Null when
 * expiry is not per lot.
 */
export function lotExpiresAt(
  lot: { earned_at: Date; expires_at?: Date | null },
  settings: ExpirySettings
): Date | null {
  if (!expiryActive(settings) || settings.mode !== "per_lot") {
    return null
  }
  if (lot.expires_at) {
    return lot.expires_at
  }
  const since = new Date(settings.since)
  return addMonthsUTC(lot.earned_at > since ? lot.earned_at : since, settings.months)
}

/**
 * When a member's whole balance expires in `inactivity` mode (rules 1-3):
 * `months` after the latest of their last purchase, their joining and the
 * clock's start. Null when expiry is not by inactivity.
 */
export function inactivityExpiresAt(
  member: { joined_at: Date; last_purchase_at?: Date | null },
  settings: ExpirySettings
): Date | null {
  if (!expiryActive(settings) || settings.mode !== "inactivity") {
    return null
  }
  return addMonthsUTC(inactivityClock(member, settings.since), settings.months)
}

/** The moment the inactivity clock runs from: the latest of purchase, joining and `since`. */
export function inactivityClock(member: { joined_at: Date; last_purchase_at?: Date | null }, since: string): Date {
  const candidates = [member.joined_at, new Date(since), member.last_purchase_at ?? null].filter(
    (d): d is Date => !!d
  )
  return new Date(Math.max(...candidates.map((d) => d.getTime())))
}

/**
 * How many points each expiring lot gives up, in the order given (rule 4):
 * what it holds, but never more than what is left of a positive balance.
 *
 * @example
 * expiryTakes([70, 50], 100) // [70, 30]
 * expiryTakes([70], -20) // [0]
 */
export function expiryTakes(remaining: number[], balance: number): number[] {
  let left = Math.max(0, balance)
  return remaining.map((r) => {
    const take = Math.min(Math.max(0, r), left)
    left -= take
    return take
  })
}

/** When the warning for an expiry at `expiresAt` is due (rule 5). */
export function warningFrom(expiresAt: Date, warningDays: number): Date {
  return new Date(expiresAt.getTime() - warningDays * DAY_MS)
}

/** Whether a warning for an expiry at `expiresAt` is due at `now` (rule 5): from its day, until the expiry. */
export function warningDue(expiresAt: Date, warningDays: number, now: Date): boolean {
  return now >= warningFrom(expiresAt, warningDays) && now < expiresAt
}
