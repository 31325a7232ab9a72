import { strings } from "./strings"

const LOCALE = "en-US"

export function formatNumber(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : new Intl.NumberFormat(LOCALE).format(value)
}

export function formatSigned(value: number): string {
  return `${value > 0 ? "+" : ""}${formatNumber(value)}`
}

export function formatMoney(amount: string | number | null | undefined, currency: string): string {
  if (amount === null || amount === undefined) {
    return "–"
  }
  try {
    return new Intl.NumberFormat(LOCALE, { style: "currency", currency: currency.toUpperCase() }).format(Number(amount))
  } catch {
    return `${amount} ${currency.toUpperCase()}`
  }
}

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined
    ? "–"
    : new Intl.NumberFormat(LOCALE, { style: "percent", maximumFractionDigits: 1 }).format(value)
}

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) {
    return "–"
  }
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium" }).format(new Date(value))
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) {
    return "–"
  }
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: "medium", timeStyle: "short" }).format(new Date(value))
}

/** A date input's value (YYYY-MM-DD, UTC). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

export function daysAgo(days: number): Date {
  const d = new Date()
  d.setUTCHours(0, 0, 0, 0)
  d.setUTCDate(d.getUTCDate() - days)
  return d
}

export function customerName(customer: { email?: string | null; first_name?: string | null; last_name?: string | null } | null | undefined): string {
  if (!customer) {
    return strings.common.unknownMember
  }
  const name = [customer.first_name, customer.last_name].filter(Boolean).join(" ")
  return name ? `${name} (${customer.email})` : customer.email ?? strings.common.unknownMember
}

/** A tier threshold or distance in the program's tier metric, with its unit: "€283.00", "400 cones", "3 orders". */
export function formatTierAmount(value: number | string, metric: string | undefined, currency: string | undefined): string {
  const n = Number(value)
  if (metric === "points") {
    return `${formatNumber(n)} ${strings.common.cones}`
  }
  if (metric === "orders") {
    return strings.customer.orders(formatNumber(n))
  }
  return formatMoney(n, currency ?? "eur")
}

/** A social platform as it writes its name ("TikTok", "YouTube"). */
export function platformName(platform: string | null | undefined): string {
  return platform ? strings.platforms[platform] ?? platform : "–"
}

/** A whole number of cones with the unit: "1,250 cones". */
export function formatCones(value: number | null | undefined): string {
  return value === null || value === undefined ? "–" : `${formatNumber(value)} ${strings.common.cones}`
}
