import { useState } from "react"
import { DayPicker } from "./date-field"
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
      <DayPicker id="kapy-range-from" size="small" label={strings.common.from} value={range.from} onChange={(from) => onChange({ ...range, from })} />
      <DayPicker
        id="kapy-range-to"
        size="small"
        label={strings.common.to}
        value={lastDay}
        onChange={(day) =>
          onChange({ ...range, to: day ? isoDay(new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000)) : "" })
        }
      />
    </div>
  )
}
