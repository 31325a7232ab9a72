import { Input, Label } from "@medusajs/ui"
import { useState } from "react"
import { daysAgo, isoDay } from "../lib/format"
import { strings } from "../lib/strings"

export type DayRange = { from: string; to: string }

/** A range of days as the report routes take it: `from` inclusive, `to` exclusive (the day after the last). */
export function useDayRange(days = 30) {
  const [range, setRange] = useState<DayRange>({ from: isoDay(daysAgo(days - 1)), to: isoDay(daysAgo(-1)) })
  const valid = range.from !== "" && range.to !== "" && range.from < range.to
  return { range, setRange, valid }
}

/** Two date fields; the last day shown is the day before `to`. */
export function DayRangeFields({ range, onChange }: { range: DayRange; onChange: (range: DayRange) => void }) {
  const lastDay = range.to ? isoDay(new Date(new Date(`${range.to}T00:00:00Z`).getTime() - 86_400_000)) : ""
  return (
    <div className="flex items-end gap-x-2">
      <div className="flex flex-col gap-y-1">
        <Label htmlFor="kapy-range-from" size="small">{strings.common.from}</Label>
        <Input id="kapy-range-from" type="date" size="small" value={range.from} onChange={(e) => onChange({ ...range, from: e.target.value })} />
      </div>
      <div className="flex flex-col gap-y-1">
        <Label htmlFor="kapy-range-to" size="small">{strings.common.to}</Label>
        <Input
          id="kapy-range-to"
          type="date"
          size="small"
          value={lastDay}
          onChange={(e) =>
            onChange({
              ...range,
              to: e.target.value ? isoDay(new Date(new Date(`${e.target.value}T00:00:00Z`).getTime() + 86_400_000)) : "",
            })
          }
        />
      </div>
    </div>
  )
}
