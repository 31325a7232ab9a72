import { Input, Label, Select, Switch, Text, Textarea } from "@medusajs/ui"
import type { ReactNode } from "react"
import { Controller, FieldValues, Path, UseFormReturn } from "react-hook-form"
import { FieldError } from "./states"

/**
 * Form fields bound to react-hook-form with their label and the error under
 * them (a client check's or the server's, set with `setError`).
 */

type Common<T extends FieldValues> = { form: UseFormReturn<T>; name: Path<T>; label: string; hint?: ReactNode }

const idOf = (name: string) => `kapy-field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`

function errorOf<T extends FieldValues>(form: UseFormReturn<T>, name: Path<T>): string | undefined {
  const parts = name.split(".")
  let node: any = form.formState.errors
  for (const part of parts) {
    node = node?.[part]
  }
  return node?.message as string | undefined
}

function Frame({ id, label, hint, error, children }: { id: string; label: string; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-y-1">
      <Label htmlFor={id} size="small" weight="plus">{label}</Label>
      {children}
      {hint && !error && <Text size="xsmall" className="text-ui-fg-muted">{hint}</Text>}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  )
}

export function TextField<T extends FieldValues>({ form, name, label, hint, type = "text" }: Common<T> & { type?: string }) {
  const id = idOf(name)
  const error = errorOf(form, name)
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <Input
        id={id}
        type={type}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
        {...form.register(name)}
      />
    </Frame>
  )
}

export function TextAreaField<T extends FieldValues>({ form, name, label, hint }: Common<T>) {
  const id = idOf(name)
  const error = errorOf(form, name)
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <Textarea id={id} rows={3} aria-invalid={!!error} aria-describedby={error ? `${id}-error` : undefined} {...form.register(name)} />
    </Frame>
  )
}

export function SwitchField<T extends FieldValues>({ form, name, label, hint }: Common<T>) {
  const id = idOf(name)
  const error = errorOf(form, name)
  return (
    <div className="flex flex-col gap-y-1">
      <div className="flex items-center gap-x-2">
        <Controller
          control={form.control}
          name={name}
          render={({ field }) => <Switch id={id} checked={!!field.value} onCheckedChange={field.onChange} />}
        />
        <Label htmlFor={id} size="small" weight="plus">{label}</Label>
      </div>
      {hint && <Text size="xsmall" className="text-ui-fg-muted">{hint}</Text>}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  )
}

export function SelectField<T extends FieldValues>({ form, name, label, hint, options }: Common<T> & { options: { value: string; label: string }[] }) {
  const id = idOf(name)
  const error = errorOf(form, name)
  return (
    <Frame id={id} label={label} hint={hint} error={error}>
      <Controller
        control={form.control}
        name={name}
        render={({ field }) => (
          <Select value={field.value} onValueChange={field.onChange}>
            <Select.Trigger id={id} aria-invalid={!!error}>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {options.map((o) => (
                <Select.Item key={o.value} value={o.value}>{o.label}</Select.Item>
              ))}
            </Select.Content>
          </Select>
        )}
      />
    </Frame>
  )
}

/**
 * The field errors in a server message worded as the module words them
 * (`Invalid program settings: earning.rates.eur: must be …; expiry.months: …`),
 * each given to the longest form field its path starts with.
 */
export function serverFieldErrors(message: string, fields: string[]): { field: string; message: string }[] {
  const body = message.replace(/^[^:]*settings:\s*/i, "")
  const found: { field: string; message: string }[] = []
  for (const part of body.split(/;\s*/)) {
    const match = part.match(/^([\w.]+):\s*(.+)$/)
    if (!match) {
      continue
    }
    const [, path, text] = match
    const field = fields
      .filter((f) => path === f || path.startsWith(`${f}.`))
      .sort((a, b) => b.length - a.length)[0]
    if (field) {
      found.push({ field, message: text })
    }
  }
  return found
}

/** "eur=1\nsek=10" to { eur: "1", sek: "10" }; null when a line is not currency=value. */
export function parseRates(text: string): Record<string, string> | null {
  const rates: Record<string, string> = {}
  for (const line of text.split(/[\n,]+/).map((l) => l.trim()).filter(Boolean)) {
    const match = line.match(/^([A-Za-z]{3})\s*[=:]\s*(\S+)$/)
    if (!match) {
      return null
    }
    rates[match[1].toLowerCase()] = match[2]
  }
  return rates
}

export function formatRates(rates: Record<string, string | number> | undefined): string {
  return Object.entries(rates ?? {})
    .map(([currency, rate]) => `${currency}=${rate}`)
    .join("\n")
}

/** A number as typed, so the server's schema judges it; "" as `empty`. */
export function numberOrRaw(value: string, empty: null | undefined = undefined): unknown {
  const text = String(value ?? "").trim()
  if (text === "") {
    return empty
  }
  return Number.isNaN(Number(text)) ? text : Number(text)
}
