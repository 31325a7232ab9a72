import { z } from "@medusajs/framework/zod"

const DAY_MS = 24 * 60 * 60 * 1000
/** The longest range a report covers (about ten years). */
const MAX_RANGE_DAYS = 3700
/** The most periods the overview's chart draws. */
const MAX_BUCKETS = 800

const dateParam = z.coerce.date({ error: "must be a date (YYYY-MM-DD or ISO 8601)" })

/**
 * `from` (inclusive) and `to` (exclusive): the last 30 days when absent. A
 * date without a time is midnight UTC.
 */
const range = {
  from: dateParam.optional(),
  to: dateParam.optional(),
}

function withRange<T extends { from?: Date; to?: Date }>(value: T, ctx: z.RefinementCtx) {
  const to = value.to ?? new Date()
  const from = value.from ?? new Date(to.getTime() - 30 * DAY_MS)
  if (to <= from) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "to must be after from" })
  } else if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    ctx.addIssue({ code: "custom", path: ["from"], message: `a report covers at most ${MAX_RANGE_DAYS} days` })
  }
  return { ...value, from, to }
}

export const AdminGetLoyaltyOverviewParams = z
  .strictObject({
    ...range,
    /** The chart's period. */
    interval: z.enum(["day", "week"]).optional().default("day"),
  })
  .transform((value, ctx) => {
    const checked = withRange(value, ctx)
    const buckets = (checked.to.getTime() - checked.from.getTime()) / (value.interval === "week" ? 7 * DAY_MS : DAY_MS)
    if (buckets > MAX_BUCKETS) {
      ctx.addIssue({ code: "custom", path: ["interval"], message: `the range holds more than ${MAX_BUCKETS} ${value.interval}s: choose week or a shorter range` })
    }
    return checked
  })
export type AdminGetLoyaltyOverviewParamsType = z.infer<typeof AdminGetLoyaltyOverviewParams>

export const AdminGetLoyaltySummaryParams = z
  .strictObject({
    ...range,
    sales_channel_id: z.string().trim().min(1).max(100).optional(),
    /** `csv` streams the same rows as a file. */
    format: z.enum(["json", "csv"]).optional().default("json"),
    /** With `format=csv`: `summary` (the default) or every `entries` behind it, read page by page. */
    rows: z.enum(["summary", "entries"]).optional().default("summary"),
  })
  .transform(withRange)
export type AdminGetLoyaltySummaryParamsType = z.infer<typeof AdminGetLoyaltySummaryParams>
