import { DatePicker, Label, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { Controller, FieldValues, Path, UseFormReturn } from "react-hook-form"
import { FieldError } from "./states"

/**
 * Dates in Kapy's admin use Medusa UI's DatePicker (the dashboard's own
 * calendar), holding the day as the API takes it: `YYYY-MM-DD` ("" for
 * none). The day is the admin's local calendar day.
 */

const pad = (n: number) => String(n).padStart(2, "0")

/** "2026-12-24" → that day at local midnight (null for ""). */
export function dayToDate(day: string | null | undefined): Date | null {
  return day ? new Date(`${day.slice(0, 10)}T00:00:00`) : null
}

/** A picked day → "YYYY-MM-DD" ("" for none). */
export function dateToDay(date: Date | null | undefined): string {
  return date ? `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` : ""
}

/** A labelled DatePicker over a day string. */
export function DayPicker({
  id,
  label,
  value,
  onChange,
  hint,
  error,
  size = "base",
}: {
  id: string
  label: string
  value: string
  onChange: (day: string) => void
  hint?: ReactNode
  error?: string
  size?: "base" | "small"
}) {
  return (
    <div className="flex flex-col gap-y-1" data-testid={id}>
      <Label id={`${id}-label`} size="small" weight="plus">{label}</Label>
      <DatePicker
        aria-labelledby={`${id}-label`}
        aria-describedby={error ? `${id}-error` : undefined}
        size={size}
        granularity="day"
        value={dayToDate(value)}
        onChange={(date) => onChange(dateToDay(date))}
      />
      {hint && !error && <Text size="xsmall" className="text-ui-fg-muted">{hint}</Text>}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  )
}

/** A DayPicker bound to a react-hook-form field holding "YYYY-MM-DD". */
export function DateField<T extends FieldValues>({ form, name, label, hint }: { form: UseFormReturn<T>; name: Path<T>; label: string; hint?: ReactNode }) {
  const id = `kapy-field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`
  return (
    <Controller
      control={form.control}
      name={name}
      render={({ field, fieldState }) => (
        <DayPicker id={id} label={label} hint={hint} error={fieldState.error?.message} value={field.value ?? ""} onChange={field.onChange} />
      )}
    />
  )
}
